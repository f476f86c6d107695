/** The in-app path to return to after login, or `fallback` when `next` could lead off the site or back to an auth page. */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/^\/(login|register|forgot-password|reset-password)(\/|\?|#|$)/.test(next)) return fallback;
  return next;
}
