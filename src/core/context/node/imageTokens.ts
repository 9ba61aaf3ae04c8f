/**
 * What an image costs in the prompt, by OpenAI's documented rule for high detail: scale to fit
 * 2048×2048, then the shorter side to 768, and count 170 tokens per 512-pixel tile plus 85.
 * Other vision models differ (Llama and Qwen count patches), so for them it is an estimate.
 * The size is read from the image's own header (PNG, GIF, JPEG, WebP); when it cannot be read,
 * a fixed estimate.
 */
import type { ImageAttachment } from '../../types';

/** Used when the image's size cannot be read: about a 1024×1024 image (4 tiles = 765), rounded up. */
export const UNKNOWN_IMAGE_TOKENS = 1000;

export function imageTokensForSize(width: number, height: number): number {
  let w = width;
  let h = height;
  if (w > 2048 || h > 2048) {
    const s = 2048 / Math.max(w, h);
    w *= s;
    h *= s;
  }
  if (Math.min(w, h) > 768) {
    const s = 768 / Math.min(w, h);
    w *= s;
    h *= s;
  }
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function imageTokens(image: Pick<ImageAttachment, 'dataUrl'>): number {
  const size = imageSize(image.dataUrl);
  return size ? imageTokensForSize(size.width, size.height) : UNKNOWN_IMAGE_TOKENS;
}

/** Width and height from the first bytes of a `data:image/…;base64,` URL, or undefined. */
export function imageSize(dataUrl: string): { width: number; height: number } | undefined {
  const comma = dataUrl.indexOf(',');
  if (comma < 0 || !/;base64$/i.test(dataUrl.slice(0, comma))) return undefined;
  // JPEG can put its size after a large EXIF block: read up to 64 KB of the header.
  const b = Buffer.from(dataUrl.slice(comma + 1, comma + 1 + 87_384), 'base64');
  const ok = (w: number, h: number) => (w > 0 && h > 0 ? { width: w, height: h } : undefined);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return ok(b.readUInt32BE(16), b.readUInt32BE(20));
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') return ok(b.readUInt16LE(6), b.readUInt16LE(8));
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = b.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return ok(1 + b.readUIntLE(24, 3), 1 + b.readUIntLE(27, 3));
    if (chunk === 'VP8 ') return ok(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
    if (chunk === 'VP8L') {
      const bits = b.readUInt32LE(21);
      return ok((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    return undefined;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1];
      const length = b.readUInt16BE(i + 2);
      // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return ok(b.readUInt16BE(i + 7), b.readUInt16BE(i + 5));
      }
      i += 2 + length;
    }
  }
  return undefined;
}
