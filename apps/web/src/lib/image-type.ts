/** The picture types avatars and covers accept, as the server checks them (by their first bytes, not their name). */
export type PictureType = 'png' | 'jpeg' | 'gif' | 'webp';

/** For the file picker's `accept`: the browser offers these first (a person can still pick any file). */
export const PICTURE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';

export const PICTURE_TYPE_HINT = 'Choose a PNG, JPEG, GIF or WebP image.';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/**
 * The picture type of some leading bytes (at least 12), or null: the same magic numbers the server reads. Four formats
 * with fixed signatures do not need a detection library.
 */
export function pictureTypeOf(bytes: Uint8Array): PictureType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** Reads the first bytes of a chosen file and says whether it is a picture the server will take. */
export async function sniffPictureType(file: Blob): Promise<PictureType | null> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  return pictureTypeOf(head);
}
