import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { AppException } from '../../common/app-exception.js';

/** The only types served inline and given dimensions and a thumbnail. SVG and HTML are never among them. */
export const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const SHARP_FORMAT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Bytes of the start of a file kept for type detection. */
export const HEAD_BYTES = 64 * 1024;
/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;
export const THUMBNAIL_TYPE = 'image/webp';

// every image is read once: libvips' operation cache would only hold memory
sharp.cache(false);

/**
 * The type of a file from its first bytes (magic numbers, through `file-type`); what the client claimed is never
 * consulted. Text without a signature (UTF-8 without control characters) is `text/plain`, anything else unknown
 * `application/octet-stream`. HTML and SVG have no signature: they come out as one of those two, never as a type a
 * browser would render.
 */
export async function detectContentType(head: Buffer): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  // a multi-byte character may be cut at the end of the head: drop up to three trailing bytes of it
  let end = head.length;
  for (let i = 0; i < 3 && end > 0 && (head[end - 1]! & 0xc0) === 0x80; i++) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

export interface ImageInfo {
  /** As displayed, EXIF orientation applied. */
  width: number;
  height: number;
  thumbnail: Buffer;
}

/**
 * Dimensions and a WebP thumbnail of an image read from a local file (libvips reads the file itself; nothing is
 * buffered in JavaScript). The header is read first and an image over `maxPixels` refused with 413 before any pixel
 * is decoded; libvips' own `limitInputPixels` guards the decoding as well. Null when the bytes carry an image
 * signature but are not a readable image of that type (the file is then kept as a plain download).
 */
export async function inspectImage(path: string, contentType: string, maxPixels: number): Promise<ImageInfo | null> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
  if (meta.format !== SHARP_FORMAT[contentType] || !meta.width || !meta.height) return null;
  // the first frame of an animation: what the metadata describes and the thumbnail shows
  if (meta.width * meta.height > maxPixels) {
    throw new AppException(
      'PAYLOAD_TOO_LARGE',
      `The image is ${meta.width}×${meta.height} pixels; images of at most ${maxPixels.toLocaleString('en')} pixels are accepted`,
    );
  }
  const { width, height } = meta.autoOrient ?? { width: meta.width, height: meta.height };
  try {
    const thumbnail = await sharp(path, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    return { width, height, thumbnail };
  } catch {
    return null;
  }
}
