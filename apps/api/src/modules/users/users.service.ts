import { Injectable } from '@nestjs/common';
import type { Me, UpdateMeDto } from '@chat/contracts';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { futureOrNull } from '../../common/future-time.js';
import { FilesService } from '../files/files.service.js';
import { UserEntity } from './entities/user.entity.js';
import { PresenceStore } from './presence.store.js';
import { toMe } from './user.mapper.js';
import { type NewUser, type ProfilePatch, UsersRepository } from './users.repository.js';

export type { NewUser } from './users.repository.js';

/** What a server-role or deactivation change may do inside its transaction (see `UsersService.adminChange`). */
export interface AdminChanges {
  em: EntityManager;
  find(id: string): Promise<UserEntity | null>;
  otherActiveAdmins(userId: string): Promise<number>;
  set(id: string, patch: Partial<Pick<UserEntity, 'serverRole' | 'deactivatedAt'>>): Promise<void>;
}

const SENDER_CACHE_MS = 2000;
const SENDER_CACHE_MAX = 10_000;

/** Accounts and profiles: who exists, what they wrote about themselves, and whether they are online. */
@Injectable()
export class UsersService {
  /**
   * Message senders: every lookup of one event-loop turn is one query (DataLoader), and a profile is kept for at most
   * SENDER_CACHE_MS (the loader's cache map is an LRU with a time-to-live).
   */
  private readonly senders = new DataLoader<string, UserEntity | null>(
    async (ids) => {
      const byId = new Map((await this.users.findByIds([...ids])).map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cacheMap: new LRUCache<string, Promise<UserEntity | null>>({ max: SENDER_CACHE_MAX, ttl: SENDER_CACHE_MS }) },
  );

  constructor(
    private readonly users: UsersRepository,
    private readonly presence: PresenceStore,
    private readonly files: FilesService,
  ) {}

  /**
   * Inserts a user; a taken username or email (any case) answers 409 through the unique indexes, with `details` naming
   * every taken field (both when both are).
   */
  async create(input: NewUser, em?: EntityManager): Promise<UserEntity> {
    try {
      return await this.users.insert(input, em);
    } catch (err) {
      if (!isUniqueViolation(err, 'users_username_lower_key') && !isUniqueViolation(err, 'users_email_lower_key')) throw err;
      const taken = await this.users.takenFields(input.username, input.email);
      // the row that made the insert fail may be gone by now: the constraint's own field is still the answer
      if (taken.length === 0) taken.push(isUniqueViolation(err, 'users_username_lower_key') ? 'username' : 'email');
      const details = taken.map((field) => ({ field, message: field === 'username' ? 'is taken' : 'is already registered' }));
      const message =
        taken.length === 2
          ? 'This username is taken and this email is already registered'
          : taken[0] === 'username'
            ? 'This username is taken'
            : 'This email is already registered';
      throw new AppException('CONFLICT', message, details);
    }
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw AppException.notFound('User');
    return user;
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return this.users.findByIds(ids);
  }

  /**
   * `findByIds` through a cache of at most a couple of seconds, for message senders: a profile edit shows at once on
   * this process and within SENDER_CACHE_MS on the others, and sending a message costs no user query.
   */
  async findByIdsCached(ids: string[]): Promise<UserEntity[]> {
    const users = await Promise.all(ids.map((id) => this.senders.load(id)));
    return users.filter((u) => u !== null);
  }

  findByLoginWithHash(login: string): Promise<UserEntity | null> {
    return this.users.findByLoginWithHash(login);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email);
  }

  async getPasswordHash(userId: string): Promise<string> {
    const hash = await this.users.passwordHash(userId);
    if (hash === null) throw AppException.notFound('User');
    return hash;
  }

  setPasswordHash(userId: string, passwordHash: string, em?: EntityManager): Promise<void> {
    return this.users.setPasswordHash(userId, passwordHash, em);
  }

  touchLastSeen(userId: string, at: Date): Promise<void> {
    return this.users.update(userId, { lastSeenAt: at });
  }

  /** Which of these users have a connected socket (on any API process). */
  onlineUsers(userIds: string[]): Promise<Set<string>> {
    return this.presence.online(userIds);
  }

  /** Anonymises a deleted account (`UsersRepository.anonymize`); senders show as "Deleted user" at once here. */
  async anonymize(userId: string): Promise<void> {
    await this.users.anonymize(userId);
    this.senders.clear(userId);
  }

  /** Accounts that are not deleted, by state (the admin overview). */
  counts(): Promise<{ total: number; active: number; admins: number; deactivated: number }> {
    return this.users.counts();
  }

  /** Whether the server has any account yet (in the caller's transaction when given one). */
  hasAccounts(em?: EntityManager): Promise<boolean> {
    return this.users.hasAccounts(em);
  }

  /** Accounts for the admin list: deactivated included, deleted ones left out (`UsersRepository.adminList`). */
  adminList(q: string, limit: number, offset: number): Promise<UserEntity[]> {
    return this.users.adminList(q, limit, offset);
  }

  /**
   * Runs a change of server roles or deactivations in a transaction holding the admin-changes lock: `work` reads the
   * target, counts the other active admins and writes through `AdminChanges`, all serialised with other such changes.
   */
  adminChange<T>(work: (changes: AdminChanges) => Promise<T>): Promise<T> {
    return this.users.transaction(async (em) => {
      await this.users.lockAdminChanges(em);
      return work({
        em,
        find: (id) => this.users.findIn(em, id),
        otherActiveAdmins: (id) => this.users.otherActiveAdmins(em, id),
        set: (id, patch) => this.users.setAdminFields(em, id, patch),
      });
    });
  }

  /** Whether the user is a server admin (checked on every admin request, so a demotion applies at once). */
  isAdmin(userId: string): Promise<boolean> {
    return this.users.isAdmin(userId);
  }

  /** Whether the file is some user's avatar or cover (profiles, pictures included, are visible to every user). */
  isPicture(fileId: string): Promise<boolean> {
    return this.users.isPicture(fileId);
  }

  /** Users whose username or display name contains `q`, prefix matches first (see `UsersRepository.searchQuery`). */
  search(q: string, limit: number): Promise<UserEntity[]> {
    if (q.length === 0) return Promise.resolve([]);
    return this.users.searchQuery(q, limit).getMany();
  }

  async getMe(userId: string): Promise<Me> {
    const entity = await this.get(userId);
    return toMe(entity, (await this.presence.online([userId])).has(userId));
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<Me> {
    const patch: ProfilePatch = {};
    if (dto.displayName !== undefined) patch.displayName = dto.displayName;
    if (dto.bio !== undefined) patch.bio = dto.bio;
    if (dto.birthdate !== undefined) patch.birthdate = dto.birthdate === null ? null : checkBirthdate(dto.birthdate);
    if (dto.dmPolicy !== undefined) patch.dmPolicy = dto.dmPolicy;
    if (dto.dndUntil !== undefined) patch.dndUntil = futureOrNull(dto.dndUntil);
    if (dto.emailNotifications !== undefined) patch.emailNotifications = dto.emailNotifications;
    if (dto.birthdateVisibility !== undefined) patch.birthdateVisibility = dto.birthdateVisibility;
    if (dto.pushPreview !== undefined) patch.pushPreview = dto.pushPreview;
    if (dto.avatarFileId !== undefined) patch.avatarFileId = await this.checkPicture(userId, 'avatarFileId', dto.avatarFileId);
    if (dto.coverFileId !== undefined) patch.coverFileId = await this.checkPicture(userId, 'coverFileId', dto.coverFileId);
    await this.users.update(userId, patch);
    this.senders.clear(userId);
    return this.getMe(userId);
  }

  /** Pictures are images the caller uploaded (checked, and kept from then on, by the files module); `null` clears. */
  private async checkPicture(userId: string, field: string, fileId: string | null): Promise<string | null> {
    if (fileId === null) return null;
    await this.files.usePicture(userId, fileId, field);
    return fileId;
  }
}

function checkBirthdate(value: string): string {
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
