import type { FileMeta } from '@chat/contracts';

/** The types the server makes thumbnails of (it detects them from the bytes). */
const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A picture the server measured and has a thumbnail of: shown as a preview; everything else as a file card. */
export function isPreviewable(file: FileMeta): boolean {
  return PREVIEW_TYPES.has(file.contentType) && (file.width ?? 0) > 0 && (file.height ?? 0) > 0;
}

/** `/api/files/<id>/thumbnail`, next to the content URL the server gave. */
export function thumbnailUrl(file: FileMeta): string {
  return file.url.replace(/\/content(?=$|\?)/, '/thumbnail');
}

/** The preview's box: the picture's proportions within `max` square, never larger than the picture itself. */
export function previewSize(file: Pick<FileMeta, 'width' | 'height'>, max = 280, min = 48): { width: number; height: number } {
  const w = file.width ?? max;
  const h = file.height ?? max;
  const scale = Math.min(1, max / w, max / h);
  return { width: Math.max(min, Math.round(w * scale)), height: Math.max(min, Math.round(h * scale)) };
}
