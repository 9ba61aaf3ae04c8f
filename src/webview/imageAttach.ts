import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGE_DATA_URL, MAX_IMAGE_SIDE } from '../shared/attachProtocol';
import { post } from './messaging';
import { format, strings as s } from './strings';

/**
 * A pasted or dropped image, read here and sent to the extension as a data URL: as it is when
 * small, else downscaled on a canvas (longest side MAX_IMAGE_SIDE) and re-encoded. GIFs too large
 * lose their animation (the first frame goes); the API reads only one frame anyway.
 */
export async function attachImageFile(file: File, report: (message: string) => void): Promise<void> {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return report(format(s.imageUnsupported, file.name));
  const name = file.name || `pasted.${file.type.split('/')[1]}`;
  let mimeType = file.type;
  let dataUrl = await readAsDataUrl(file);
  const bitmap = await createImageBitmap(file).catch(() => undefined);
  const tooBig = !!bitmap && Math.max(bitmap.width, bitmap.height) > MAX_IMAGE_SIDE;
  if (bitmap && (tooBig || file.size > MAX_IMAGE_BYTES || dataUrl.length > MAX_IMAGE_DATA_URL)) {
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    // PNG keeps screenshots' text sharp; photos and anything still too big go as JPEG.
    mimeType = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
    dataUrl = canvas.toDataURL(mimeType, 0.85);
    if (dataUrl.length > MAX_IMAGE_DATA_URL) {
      mimeType = 'image/jpeg';
      dataUrl = canvas.toDataURL(mimeType, 0.8);
    }
  }
  bitmap?.close();
  if (dataUrl.length > MAX_IMAGE_DATA_URL) return report(format(s.imageTooLarge, name));
  post({ type: 'attachImage', name, mimeType, dataUrl });
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
