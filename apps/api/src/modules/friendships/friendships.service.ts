import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FriendRequest, FriendshipState, User } from '@chat/contracts';
import { DataSource, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { UsersService } from '../users/users.service.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity, orderedPair } from './entities/friendship.entity.js';

type Action = 'accept' | 'reject' | 'cancel';

export interface FriendEvents {
  requested(request: FriendRequest): void;
  accepted(by: string, request: FriendRequest): void;
}

@Injectable()
export class FriendshipsService implements OnModuleInit {
  private listeners: FriendEvents[] = [];

  constructor(
    @InjectRepository(FriendRequestEntity) private readonly requests: Repository<FriendRequestEntity>,
    @InjectRepository(FriendshipEntity) private readonly friendships: Repository<FriendshipEntity>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly realtime: RealtimeService,
  ) {}

  onModuleInit(): void {
    this.users.useRelations(this);
  }

  /** Lets another module (notifications) hear about requests and acceptances. */
  listen(listener: FriendEvents): void {
    this.listeners.push(listener);
  }

  async areFriends(x: string, y: string): Promise<boolean> {
    return (await this.friendships.countBy(orderedPair(x, y))) > 0;
  }

  async friendIds(userId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT user_b AS id FROM friendships WHERE user_a = $1 UNION ALL SELECT user_a FROM friendships WHERE user_b = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** How each user relates to the viewer, in two queries whatever the batch size. */
  async friendshipStates(viewerId: string, userIds: string[]): Promise<Map<string, FriendshipState>> {
    const states = new Map<string, FriendshipState>();
    const others = userIds.filter((id) => id !== viewerId);
    if (others.length === 0) return states;
    const [pending, friends] = await Promise.all([
      this.dataSource.query(
        `SELECT from_id, to_id FROM friend_requests WHERE status = 'pending'
           AND ((from_id = $1 AND to_id = ANY($2)) OR (to_id = $1 AND from_id = ANY($2)))`,
        [viewerId, others],
      ) as Promise<Array<{ from_id: string; to_id: string }>>,
      this.dataSource.query(
        `SELECT user_b AS id FROM friendships WHERE user_a = $1 AND user_b = ANY($2)
         UNION ALL SELECT user_a FROM friendships WHERE user_b = $1 AND user_a = ANY($2)`,
        [viewerId, others],
      ) as Promise<Array<{ id: string }>>,
    ]);
    for (const r of pending) states.set(r.from_id === viewerId ? r.to_id : r.from_id, r.from_id === viewerId ? 'outgoing' : 'incoming');
    for (const r of friends) states.set(r.id, 'friends');
    return states;
  }

  async listFriends(userId: string): Promise<User[]> {
    const ids = await this.friendIds(userId);
    const entities = await this.users.findByIds(ids);
    const users = await this.users.present(userId, entities);
    return users.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** Sends a request; a pending request from the other user is accepted instead (crossing requests). */
  async sendRequest(me: string, userId: string): Promise<FriendRequest> {
    if (me === userId) throw AppException.validation('userId', 'cannot be yourself');
    await this.users.get(userId);
    if (await this.areFriends(me, userId)) throw AppException.conflict('You are already friends');
    const crossing = await this.requests.findOneBy({ fromId: userId, toId: me, status: 'pending' });
    if (crossing) return this.respond(me, crossing.id, 'accept');
    let saved: FriendRequestEntity;
    try {
      saved = await this.requests.save(this.requests.create({ fromId: me, toId: userId, status: 'pending' }));
    } catch (err) {
      if (isUniqueViolation(err, 'friend_requests_pending_pair_key')) throw AppException.conflict('A friend request is already pending');
      throw err;
    }
    const [request] = await this.present(userId, [saved]);
    this.realtime.toUser(userId, 'friend:request', request!);
    for (const l of this.listeners) l.requested(request!);
    return (await this.present(me, [saved]))[0]!;
  }

  async listPending(me: string, direction: 'incoming' | 'outgoing'): Promise<FriendRequest[]> {
    const rows = await this.requests.find({
      where: direction === 'incoming' ? { toId: me, status: 'pending' } : { fromId: me, status: 'pending' },
      order: { createdAt: 'DESC' },
    });
    return this.present(me, rows);
  }

  /**
   * Accept and reject belong to the recipient, cancel to the sender. A request that does not involve the caller is
   * 404; the other party's action is 403; a request no longer pending is 409.
   */
  async respond(me: string, requestId: string, action: Action): Promise<FriendRequest> {
    const request = await this.requests.findOneBy({ id: requestId });
    if (!request || (request.fromId !== me && request.toId !== me)) throw AppException.notFound('Friend request');
    const allowed = action === 'cancel' ? request.fromId === me : request.toId === me;
    if (!allowed)
      throw AppException.forbidden(
        action === 'cancel' ? 'Only the sender can cancel a request' : 'Only the recipient can answer a request',
      );
    const status = action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'cancelled';
    const updated = await this.dataSource.transaction(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(FriendRequestEntity)
        .set({ status, respondedAt: () => 'now()' })
        .where('id = :id AND status = :pending', { id: requestId, pending: 'pending' })
        .execute();
      if (!res.affected) throw AppException.conflict(`This request is already ${request.status}`);
      if (action === 'accept') {
        await em
          .createQueryBuilder()
          .insert()
          .into(FriendshipEntity)
          .values(orderedPair(request.fromId, request.toId))
          .orIgnore()
          .execute();
      }
      return em.findOneByOrFail(FriendRequestEntity, { id: requestId });
    });
    if (action === 'accept') {
      const [me_] = await this.users.present(request.fromId, [await this.users.get(me)]);
      this.realtime.toUser(request.fromId, 'friend:accepted', me_!);
      const [presented] = await this.present(request.fromId, [updated]);
      for (const l of this.listeners) l.accepted(me, presented!);
    } else {
      // The other party's pending list changes too: they get the request with its new status.
      const otherId = me === request.fromId ? request.toId : request.fromId;
      const [forOther] = await this.present(otherId, [updated]);
      this.realtime.toUser(otherId, 'friend:request', forOther!);
    }
    return (await this.present(me, [updated]))[0]!;
  }

  async unfriend(me: string, userId: string): Promise<void> {
    const res = await this.friendships.delete(orderedPair(me, userId));
    if (!res.affected) throw AppException.notFound('Friend');
    this.realtime.toUser(userId, 'friend:removed', { userId: me });
  }

  private async present(viewerId: string, rows: FriendRequestEntity[]): Promise<FriendRequest[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.fromId, r.toId]))];
    const users = new Map((await this.users.present(viewerId, await this.users.findByIds(ids))).map((u) => [u.id, u]));
    return rows.map((r) => ({
      id: r.id,
      from: users.get(r.fromId)!,
      to: users.get(r.toId)!,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
