/** A time that is already past ends the state it would start (a mute, do-not-disturb): it is stored as null. */
export function futureOrNull(iso: string | null): Date | null {
  if (iso === null) return null;
  const at = new Date(iso);
  return at.getTime() > Date.now() ? at : null;
}
