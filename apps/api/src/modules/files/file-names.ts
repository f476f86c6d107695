/** Longest display name kept, in code points (the column holds 255 characters). */
export const MAX_NAME_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 16;

// C0 and C1 control characters (NUL, newlines, escape...), and the invisible format characters that can disguise a
// name: bidirectional overrides ("txt.exe" shown as "exe.txt"), zero-width characters, the byte-order mark.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
// reserved in file names on common systems, and quotes, which break naive header quoting
const RESERVED = /["*:<>?|]/g;

/**
 * The client's file name made safe to display and to offer as a download name: no folder parts, no control or
 * invisible characters, no reserved characters, no leading dots (so no `..` and no hidden files), at most
 * MAX_NAME_LENGTH code points with the extension kept. It is never used to build a path or a storage key.
 */
export function sanitizeFileName(raw: string | null | undefined): string {
  let name = String(raw ?? '')
    .normalize('NFC')
    .replace(INVISIBLE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (name === '') return 'file';
  const chars = [...name];
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  if (ext.length === 0 || ext.length > MAX_EXTENSION_LENGTH) return chars.slice(0, MAX_NAME_LENGTH).join('').trimEnd();
  const base = [...name.slice(0, dot)]
    .slice(0, MAX_NAME_LENGTH - ext.length)
    .join('')
    .trimEnd();
  return `${base}${ext.join('')}`;
}

/** An ASCII rendering of a name, for the plain `filename=` of Content-Disposition (accents dropped, the rest `_`). */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/gu, '_');
}
