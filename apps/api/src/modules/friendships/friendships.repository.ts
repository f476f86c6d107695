import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FriendshipState } from '@chat/contracts';
import { DataSource, type Repository } from 'typeorm';
import { closePending } from '../../common/pending-request.js';
import type { RequestStatus } from '@chat/contracts';
import { queryRows } from '../../database/sql.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity, orderedPair } from './entities/friendship.entity.js';

/** Every query on `friendships` and `friend_requests`. */
@Injectable()
export class FriendshipsRepository {
  constructor(
    @InjectRepository(FriendRequestEntity) private readonly requests: Repository<FriendRequestEntity>,
    @InjectRepository(FriendshipEntity) private readonly friendships: Repository<FriendshipEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async areFriends(x: string, y: string): Promise<boolean> {
    return (await this.friendships.countBy(orderedPair(x, y))) > 0;
  }

  async friendIds(userId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT user_b AS id FROM friendships WHERE user_a = $1 UNION ALL SELECT user_a FROM friendships WHERE user_b = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** How each of `others` relates to the viewer, in two queries whatever the batch size. */
  async states(viewerId: string, others: string[]): Promise<Map<string, FriendshipState>> {
    const states = new Map<string, FriendshipState>();
    if (others.length === 0) return states;
    const [pending, friends] = await Promise.all([
      queryRows<{ from_id: string; to_id: string }>(
        this.dataSource.manager,
        `SELECT from_id, to_id FROM friend_requests WHERE status = 'pending'
           AND ((from_id = $1 AND to_id = ANY($2)) OR (to_id = $1 AND from_id = ANY($2)))`,
        [viewerId, others],
      ),
      queryRows<{ id: string }>(
        this.dataSource.manager,
        `SELECT user_b AS id FROM friendships WHERE user_a = $1 AND user_b = ANY($2)
         UNION ALL SELECT user_a FROM friendships WHERE user_b = $1 AND user_a = ANY($2)`,
        [viewerId, others],
      ),
    ]);
    for (const r of pending) states.set(r.from_id === viewerId ? r.to_id : r.from_id, r.from_id === viewerId ? 'outgoing' : 'incoming');
    for (const r of friends) states.set(r.id, 'friends');
    return states;
  }

  findRequest(id: string): Promise<FriendRequestEntity | null> {
    return this.requests.findOneBy({ id });
  }

  findPendingFrom(fromId: string, toId: string): Promise<FriendRequestEntity | null> {
    return this.requests.findOneBy({ fromId, toId, status: 'pending' });
  }

  /** A new pending request; a second pending one for the pair fails on `friend_requests_pending_pair_key`. */
  insertRequest(fromId: string, toId: string): Promise<FriendRequestEntity> {
    return this.requests.save(this.requests.create({ fromId, toId, status: 'pending' }));
  }

  listPending(userId: string, direction: 'incoming' | 'outgoing'): Promise<FriendRequestEntity[]> {
    return this.requests.find({
      where: direction === 'incoming' ? { toId: userId, status: 'pending' } : { fromId: userId, status: 'pending' },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * Answers a pending request, and on acceptance makes the pair friends, in one transaction. Null when the request was
   * answered meanwhile.
   */
  answer(request: FriendRequestEntity, status: RequestStatus): Promise<FriendRequestEntity | null> {
    return this.dataSource.transaction(async (em) => {
      if (!(await closePending(em, FriendRequestEntity, request.id, status))) return null;
      if (status === 'accepted') {
        await em
          .createQueryBuilder()
          .insert()
          .into(FriendshipEntity)
          .values(orderedPair(request.fromId, request.toId))
          .orIgnore()
          .execute();
      }
      return em.findOneByOrFail(FriendRequestEntity, { id: request.id });
    });
  }

  /** Ends a friendship; false when there was none. */
  async deleteFriendship(x: string, y: string): Promise<boolean> {
    const res = await this.friendships.delete(orderedPair(x, y));
    return (res.affected ?? 0) > 0;
  }
}
