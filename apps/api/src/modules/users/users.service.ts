import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FriendshipState, Me, UpdateMeDto, User } from '@chat/contracts';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors.js';
import { AppException } from '../../common/app-exception.js';
import { UserEntity } from './entities/user.entity.js';

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  displayName: string;
}

/** Answers, for a viewer and a batch of users, how each one relates to the viewer. Filled in by the friendships module. */
export interface RelationProvider {
  friendshipStates(viewerId: string, userIds: string[]): Promise<Map<string, FriendshipState>>;
}
/** Tells whether users are online. Filled in by the realtime module. */
export interface PresenceProvider {
  onlineUsers(userIds: string[]): Promise<Set<string>>;
}
/** Checks that a file may be used as a picture (avatar or cover) by a user. Filled in by the files module. */
export interface PictureChecker {
  /** Resolves when `fileId` is an image the user uploaded; throws the contract error otherwise. */
  requireOwnImage(userId: string, fileId: string, field: string): Promise<void>;
}

export function fileUrl(fileId: string | null): string | null {
  return fileId ? `/api/files/${fileId}/content` : null;
}

const SENDER_CACHE_MS = 2000;
const SENDER_CACHE_MAX = 10_000;

@Injectable()
export class UsersService {
  private relations: RelationProvider | null = null;
  private presence: PresenceProvider | null = null;
  /**
   * Message senders: every lookup of one event-loop turn is one query (DataLoader), and a profile is kept for at most
   * SENDER_CACHE_MS (the loader's cache map is an LRU with a time-to-live).
   */
  private readonly senders = new DataLoader<string, UserEntity | null>(
    async (ids) => {
      const byId = new Map((await this.findByIds([...ids])).map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cacheMap: new LRUCache<string, Promise<UserEntity | null>>({ max: SENDER_CACHE_MAX, ttl: SENDER_CACHE_MS }) },
  );
  private pictures: PictureChecker | null = null;

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  useRelations(provider: RelationProvider): void {
    this.relations = provider;
  }
  usePresence(provider: PresenceProvider): void {
    this.presence = provider;
  }
  usePictures(checker: PictureChecker): void {
    this.pictures = checker;
  }

  /** Inserts a user; a taken username or email (any case) answers 409 through the unique indexes. */
  async create(input: NewUser): Promise<UserEntity> {
    try {
      const entity = this.users.create(input);
      return await this.users.save(entity);
    } catch (err) {
      if (isUniqueViolation(err, 'users_username_lower_key')) throw AppException.conflict('This username is taken');
      if (isUniqueViolation(err, 'users_email_lower_key')) throw AppException.conflict('This email is already registered');
      throw err;
    }
  }

  /** The user with this email or username (case-insensitive), with the password hash. */
  findByLoginWithHash(login: string): Promise<UserEntity | null> {
    const field = login.includes('@') ? 'email' : 'username';
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where(`lower(u.${field}) = lower(:login)`, { login }).getOne();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  async getPasswordHash(userId: string): Promise<string> {
    const row = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :userId', { userId }).getOne();
    if (!row) throw AppException.notFound('User');
    return row.passwordHash;
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  /** Which of these users have a connected socket (on any API process). */
  onlineUsers(userIds: string[]): Promise<Set<string>> {
    return this.presence ? this.presence.onlineUsers(userIds) : Promise.resolve(new Set());
  }

  /** Users by username, case-insensitively. */
  findByUsernames(names: string[]): Promise<UserEntity[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = ANY(:names)', { names: names.map((n) => n.toLowerCase()) })
      .getMany();
  }

  async touchLastSeen(userId: string, at: Date): Promise<void> {
    await this.users.update({ id: userId }, { lastSeenAt: at });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw AppException.notFound('User');
    return user;
  }

  /**
   * `findByIds` through a cache of at most a couple of seconds, for message senders: a profile edit shows at once on
   * this process and within SENDER_CACHE_MS on the others, and sending a message costs no user query.
   */
  async findByIdsCached(ids: string[]): Promise<UserEntity[]> {
    const users = await Promise.all(ids.map((id) => this.senders.load(id)));
    return users.filter((u) => u !== null);
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  async getProfile(viewerId: string, id: string): Promise<User> {
    const [user] = await this.present(viewerId, [await this.get(id)]);
    return user!;
  }

  async getMe(userId: string): Promise<Me> {
    const entity = await this.get(userId);
    const [user] = await this.present(userId, [entity]);
    return { ...user!, email: entity.email, dmPolicy: entity.dmPolicy };
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<Me> {
    const patch: Partial<UserEntity> = {};
    if (dto.displayName !== undefined) patch.displayName = dto.displayName;
    if (dto.bio !== undefined) patch.bio = dto.bio;
    if (dto.birthdate !== undefined) patch.birthdate = dto.birthdate === null ? null : this.checkBirthdate(dto.birthdate);
    if (dto.dmPolicy !== undefined) patch.dmPolicy = dto.dmPolicy;
    if (dto.avatarFileId !== undefined) patch.avatarFileId = await this.checkPicture(userId, 'avatarFileId', dto.avatarFileId);
    if (dto.coverFileId !== undefined) patch.coverFileId = await this.checkPicture(userId, 'coverFileId', dto.coverFileId);
    if (Object.keys(patch).length > 0) await this.users.update({ id: userId }, patch);
    this.senders.clear(userId);
    return this.getMe(userId);
  }

  private checkBirthdate(value: string): string {
    const date = value.slice(0, 10);
    const d = new Date(`${date}T00:00:00Z`);
    if (value.length !== 10 || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
      throw AppException.validation('birthdate', 'must be a date as YYYY-MM-DD');
    }
    if (d.getTime() > Date.now() || d.getUTCFullYear() < 1900) {
      throw AppException.validation('birthdate', 'must be a past date after 1900');
    }
    return date;
  }

  /** Pictures are images the caller uploaded (checked by the files module); `null` clears. */
  private async checkPicture(userId: string, field: string, fileId: string | null): Promise<string | null> {
    if (fileId === null) return null;
    if (!this.pictures) throw AppException.validation(field, 'does not name an uploaded image');
    await this.pictures.requireOwnImage(userId, fileId, field);
    return fileId;
  }

  /** Whether the file is some user's avatar or cover (profiles, pictures included, are visible to every user). */
  isPicture(fileId: string): Promise<boolean> {
    return this.users.exists({ where: [{ avatarFileId: fileId }, { coverFileId: fileId }] });
  }

  /** Users whose username or display name contains `q` (case-insensitive), prefix matches first. */
  async search(viewerId: string, q: string, limit: number): Promise<User[]> {
    if (q.length === 0) return [];
    return this.present(viewerId, await this.searchQuery(q, limit).getMany());
  }

  /**
   * The search query. The prefix tests use the lower(...) text_pattern_ops indexes and the substring test the trigram
   * index on "username display_name"; the last condition keeps a match from spanning the two names.
   */
  searchQuery(q: string, limit: number): SelectQueryBuilder<UserEntity> {
    const term = q.toLowerCase();
    const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.users
      .createQueryBuilder('u')
      .where(
        `(lower(u.username) LIKE :prefix OR lower(u.display_name) LIKE :prefix OR (lower(u.username) || ' ' || lower(u.display_name)) LIKE :contains)`,
        { prefix: `${escaped}%`, contains: `%${escaped}%` },
      )
      .andWhere(`(lower(u.username) LIKE :contains OR lower(u.display_name) LIKE :contains)`)
      .orderBy(
        `CASE WHEN lower(u.username) = :exact THEN 0 WHEN lower(u.username) LIKE :prefix THEN 1 WHEN lower(u.display_name) LIKE :prefix THEN 2 ELSE 3 END`,
      )
      .addOrderBy('lower(u.username)')
      .setParameter('exact', term)
      .limit(limit);
  }

  /** The public `User` shape of each entity, as the viewer sees it, in one batch. */
  async present(viewerId: string, entities: UserEntity[], opts: { relations?: boolean } = {}): Promise<User[]> {
    const ids = entities.map((e) => e.id);
    const withRelations = opts.relations !== false && this.relations;
    const [states, online] = await Promise.all([
      withRelations ? withRelations.friendshipStates(viewerId, ids) : Promise.resolve(new Map<string, FriendshipState>()),
      this.presence?.onlineUsers(ids) ?? Promise.resolve(new Set<string>()),
    ]);
    return entities.map((e) => ({
      id: e.id,
      username: e.username,
      displayName: e.displayName,
      bio: e.bio,
      birthdate: e.birthdate,
      avatarUrl: fileUrl(e.avatarFileId),
      coverUrl: fileUrl(e.coverFileId),
      online: online.has(e.id),
      lastSeenAt: e.lastSeenAt ? e.lastSeenAt.toISOString() : null,
      friendship: e.id === viewerId ? 'self' : (states.get(e.id) ?? 'none'),
      createdAt: e.createdAt.toISOString(),
    }));
  }
}
