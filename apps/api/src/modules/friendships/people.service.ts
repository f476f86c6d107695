import { Injectable } from '@nestjs/common';
import type { FriendshipState, User } from '@chat/contracts';
import type { UserEntity } from '../users/entities/user.entity.js';
import { toUser } from '../users/user.mapper.js';
import { UsersService } from '../users/users.service.js';
import { FriendshipsRepository } from './friendships.repository.js';

const NO_RELATIONS = { states: new Map<string, FriendshipState>(), blockers: new Set<string>() };

/**
 * People as one user sees them: the public `User` shape with how each relates to the viewer (friendship state, from
 * this module) and whether they are online (from the users module). Every module that shows a person uses it, in one
 * batch per list.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly users: UsersService,
    private readonly friendships: FriendshipsRepository,
  ) {}

  /**
   * The `User` shape of each entity for the viewer: someone who blocked the viewer is shown offline. `relations: false`
   * leaves out the friendship state (`self` or `none` only) and the blocks, for payloads broadcast to many viewers.
   */
  async present(viewerId: string, entities: UserEntity[], opts: { relations?: boolean } = {}): Promise<User[]> {
    const ids = entities.map((e) => e.id);
    const others = ids.filter((id) => id !== viewerId);
    const [{ states, blockers }, online] = await Promise.all([
      opts.relations !== false ? this.friendships.states(viewerId, others) : NO_RELATIONS,
      this.users.onlineUsers(ids),
    ]);
    // someone who blocked the viewer looks offline to them
    return entities.map((e) =>
      toUser(e, {
        friendship: e.id === viewerId ? 'self' : (states.get(e.id) ?? 'none'),
        online: online.has(e.id) && !blockers.has(e.id),
      }),
    );
  }

  /** Users by id, presented for the viewer, in a map by id (the ones that no longer exist are absent). */
  async byId(viewerId: string, ids: string[], opts: { relations?: boolean } = {}): Promise<Map<string, User>> {
    const users = await this.present(viewerId, await this.users.findByIds([...new Set(ids)]), opts);
    return new Map(users.map((u) => [u.id, u]));
  }

  async profile(viewerId: string, id: string): Promise<User> {
    const [user] = await this.present(viewerId, [await this.users.get(id)]);
    return user!;
  }

  async search(viewerId: string, q: string, limit: number): Promise<User[]> {
    return this.present(viewerId, await this.users.search(q, limit));
  }
}
