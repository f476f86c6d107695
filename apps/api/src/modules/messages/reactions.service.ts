import { Injectable } from '@nestjs/common';
import type { User } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { MessageAccessService } from './message-access.service.js';
import { reactionEmoji } from './reaction-emoji.js';
import { ReactionsRepository } from './reactions.repository.js';

/** Distinct emoji one message may carry; a new one past it answers 409. */
export const MAX_DISTINCT_REACTIONS = 20;

/** Emoji reactions on messages, for the members of the message's room (REST and `reaction:set` alike). */
@Injectable()
export class ReactionsService {
  constructor(
    private readonly reactions: ReactionsRepository,
    private readonly messageAccess: MessageAccessService,
    private readonly people: PeopleService,
    private readonly limits: RateLimitService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Adds (`on`) or removes the caller's reaction. Counts against the send budget. A change is announced to the room
   * (`reaction.changed`); a repeat of the state the caller is already in changes nothing and is not announced.
   * A deleted message answers 409, as editing, pinning or saving one does. One statement for a member of the message's
   * room; anyone else gets the full checks, which give the precise error (404).
   */
  async set(userId: string, messageId: string, rawEmoji: string, on: boolean): Promise<void> {
    await this.limits.consume('send', userId);
    const emoji = requireEmoji(rawEmoji);
    let change = await this.reactions.set(messageId, userId, emoji, on, MAX_DISTINCT_REACTIONS);
    if (change.outcome === 'refused') {
      await this.messageAccess.requireVisible(userId, messageId);
      // became a member in between: once more, and no further
      change = await this.reactions.set(messageId, userId, emoji, on, MAX_DISTINCT_REACTIONS);
      if (change.outcome === 'refused') throw AppException.notFound('Message');
    }
    if (change.outcome === 'deleted') throw deleted();
    if (change.outcome === 'full') {
      throw AppException.conflict(`A message can have at most ${MAX_DISTINCT_REACTIONS} different reactions`);
    }
    if (change.outcome === 'unchanged') return;
    this.events.emit('reaction.changed', { roomId: change.roomId, messageId, emoji, userId, on, count: change.count });
  }

  /** Who reacted with the emoji (members only), first first. */
  async who(userId: string, messageId: string, rawEmoji: string): Promise<User[]> {
    const emoji = requireEmoji(rawEmoji);
    await this.messageAccess.requireVisible(userId, messageId);
    const ids = await this.reactions.userIds(messageId, emoji);
    if (ids.length === 0) return [];
    const users = await this.people.byId(userId, ids);
    return ids.flatMap((id) => users.get(id) ?? []);
  }
}

function requireEmoji(raw: string): string {
  const emoji = reactionEmoji(raw);
  if (!emoji) throw AppException.validation('emoji', 'must be exactly one emoji');
  return emoji;
}

const deleted = () => AppException.conflict('This message was deleted');
