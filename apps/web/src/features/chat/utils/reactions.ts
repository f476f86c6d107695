import type { Message, Reaction, ReactionUpdate } from '@chat/contracts';

/**
 * A `reaction:updated` event on a held message. The event carries the emoji's count after the change (so applying it
 * twice changes nothing) and whose change it was: `me` moves only when that was the reader; others keep the reader's
 * own state. A count of 0 removes the emoji; a new one goes last (the order they were first used). Answers the message
 * itself when nothing changes.
 */
export function applyReactionUpdate(message: Message, update: ReactionUpdate, meId: string | undefined): Message {
  if (message.id !== update.messageId) return message;
  const mine = meId !== undefined && update.userId === meId;
  const index = message.reactions.findIndex((r) => r.emoji === update.emoji);
  if (update.count <= 0) {
    return index === -1 ? message : { ...message, reactions: message.reactions.filter((_, i) => i !== index) };
  }
  if (index === -1) {
    return { ...message, reactions: [...message.reactions, { emoji: update.emoji, count: update.count, me: mine && update.on }] };
  }
  const current = message.reactions[index]!;
  const next: Reaction = { emoji: current.emoji, count: update.count, me: mine ? update.on : current.me };
  if (next.count === current.count && next.me === current.me) return message;
  return { ...message, reactions: message.reactions.map((r, i) => (i === index ? next : r)) };
}

/**
 * The reader's own click, shown at once (before the server's `reaction:updated` gives the exact count): one more or
 * one less, pressed or not. A click that changes nothing (already in that state) answers the message itself.
 */
export function applyOwnReaction(message: Message, emoji: string, on: boolean): Message {
  const index = message.reactions.findIndex((r) => r.emoji === emoji);
  const current = index === -1 ? undefined : message.reactions[index]!;
  if ((current?.me ?? false) === on) return message;
  const count = (current?.count ?? 0) + (on ? 1 : -1);
  if (count <= 0) return { ...message, reactions: message.reactions.filter((r) => r.emoji !== emoji) };
  if (!current) return { ...message, reactions: [...message.reactions, { emoji, count, me: on }] };
  return { ...message, reactions: message.reactions.map((r, i) => (i === index ? { emoji, count, me: on } : r)) };
}

/**
 * A broadcast copy of a message (`message:updated`, one payload for every member, so its `me` is always false) with
 * the reader's own `me` taken from the copy held. Answers `incoming` itself when nothing is held.
 */
export function keepMyReactions(incoming: Message, held: Message | undefined): Message {
  if (!held || held.id !== incoming.id || !held.reactions.some((r) => r.me)) return incoming;
  const mine = new Set(held.reactions.filter((r) => r.me).map((r) => r.emoji));
  return { ...incoming, reactions: incoming.reactions.map((r) => (mine.has(r.emoji) && !r.me ? { ...r, me: true } : r)) };
}

/** What a screen reader hears for one chip: "👍 3 reactions, including you". */
export function reactionLabel(reaction: Reaction): string {
  const noun = reaction.count === 1 ? 'reaction' : 'reactions';
  if (reaction.me)
    return reaction.count === 1 ? `${reaction.emoji} 1 reaction, yours` : `${reaction.emoji} ${reaction.count} ${noun}, including you`;
  return `${reaction.emoji} ${reaction.count} ${noun}`;
}

/** "Ada, Bo and 3 others": the names of who reacted, at most `max` of them. */
export function reactorsText(names: readonly string[], total: number, max = 10): string {
  const shown = names.slice(0, max);
  const others = Math.max(0, total - shown.length);
  if (shown.length === 0) return others === 1 ? '1 person' : `${others} people`;
  if (others > 0) return `${shown.join(', ')} and ${others === 1 ? '1 other' : `${others} others`}`;
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
