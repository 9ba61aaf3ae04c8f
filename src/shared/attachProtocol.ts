/**
 * The part of the webview protocol that attaches context and images to the next message
 * (`#file`, `#selection`, `#problems`, `#changes`, `#editors`, drops, pasted images, the
 * current file's chip). Kept beside protocol.ts so that file stays one screen.
 */

/** What `#` and the attach button offer. */
export const ATTACH_KINDS = ['file', 'selection', 'problems', 'problemsAll', 'changes', 'editors'] as const;
export type AttachKind = (typeof ATTACH_KINDS)[number];

/** The image types the API takes; anything else is refused before it is read. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** Past this size (of the data URL) an image is refused; the webview downscales before it gets there. */
export const MAX_IMAGE_DATA_URL = 4_000_000;
/** Images larger than this on a side are downscaled in the webview before sending. */
export const MAX_IMAGE_SIDE = 1568;
/** Images of more bytes than this are re-encoded (downscaled) even when their sides fit. */
export const MAX_IMAGE_BYTES = 1_500_000;

/** One chip above the input. */
export interface AttachmentView {
  id: string;
  kind: 'file' | 'selection' | 'problems' | 'changes' | 'editors' | 'currentFile' | 'image';
  label: string;
  /** Its cost in tokens, once counted (counted after the chip shows, off the critical path). */
  tokens?: number;
  /** Images: the data URL, shown as a thumbnail. */
  thumbnail?: string;
  /** The current file's chip: included only while on; one click toggles it. */
  on?: boolean;
}

export type AttachMessage =
  | { type: 'attach'; what: AttachKind }
  /** Files dropped on the input (Explorer, editor tabs): their URIs as VS Code put them on the drag. */
  | { type: 'attachUris'; uris: string[] }
  | { type: 'attachImage'; name: string; mimeType: string; dataUrl: string }
  | { type: 'detach'; id: string }
  | { type: 'toggleCurrentFile' }
  /** After a model refused images: send the last question again without them. */
  | { type: 'resendWithoutImages' };

const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

export function parseAttachMessage(m: Record<string, unknown>): AttachMessage | undefined {
  switch (m.type) {
    case 'attach':
      return (ATTACH_KINDS as readonly unknown[]).includes(m.what) ? { type: 'attach', what: m.what as AttachKind } : undefined;
    case 'attachUris': {
      if (!Array.isArray(m.uris) || m.uris.length === 0 || m.uris.length > 50) return undefined;
      const uris = m.uris.filter((u): u is string => isStr(u, 4000) && /^[a-z][\w+.-]*:/i.test(u));
      return uris.length === m.uris.length ? { type: 'attachUris', uris } : undefined;
    }
    case 'attachImage': {
      if (!isStr(m.name, 300) || !isStr(m.mimeType, 40) || !isStr(m.dataUrl, MAX_IMAGE_DATA_URL)) return undefined;
      if (!(IMAGE_TYPES as readonly string[]).includes(m.mimeType)) return undefined;
      // Only base64 data of the declared type: the URL goes to the server and back into the view.
      if (!new RegExp(`^data:${m.mimeType.replace('/', '\\/')};base64,[A-Za-z0-9+/]+=*$`).test(m.dataUrl)) return undefined;
      return { type: 'attachImage', name: m.name, mimeType: m.mimeType, dataUrl: m.dataUrl };
    }
    case 'detach':
      return isStr(m.id, 100) ? { type: 'detach', id: m.id } : undefined;
    case 'toggleCurrentFile':
    case 'resendWithoutImages':
      return { type: m.type };
    default:
      return undefined;
  }
}
