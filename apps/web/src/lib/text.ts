/** Length in Unicode code points, the unit every limit of the contract counts in ("😀" is 1, not 2). */
export function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Up to two letters for an avatar: the first letter of the first two words of the name, else of the username. */
export function initials(displayName: string, username: string): string {
  const words = displayName.trim().split(/\s+/u).filter(Boolean);
  const source = words.length > 0 ? words : [username];
  return source
    .slice(0, 2)
    .map((w) => Array.from(w)[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

/** A stable hue (0–359) for a user id, so each person keeps one avatar colour everywhere. */
export function hueFor(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}
