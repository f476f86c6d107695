import type { Member, User } from '@chat/contracts';

/** "Ada", "Ada and Bo", "Ada, Bo and Cy", "Ada, Bo and 3 others". */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0]!;
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const shown = names.slice(0, max - 1);
  const rest = names.length - shown.length;
  return `${shown.join(', ')} and ${rest} others`;
}

/** Under the composer: "Ada is typing…", "Ada and Bo are typing…"; null when nobody is. */
export function typingText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  return `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

/** The other members whose read marker has reached `seq`, in the members list's order. */
export function readersOf(members: readonly Member[], meId: string, seq: number): User[] {
  return members.filter((m) => m.user.id !== meId && m.lastReadSeq >= seq).map((m) => m.user);
}

/** Under your latest message: "Seen" in a direct room, "Seen by Ada and Bo" in a group; null when nobody has. */
export function seenText(readers: readonly User[], direct: boolean): string | null {
  if (readers.length === 0) return null;
  if (direct) return 'Seen';
  return `Seen by ${listNames(readers.map((u) => u.displayName))}`;
}
