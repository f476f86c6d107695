import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, type Repository, type SelectQueryBuilder } from 'typeorm';
import { likeEscape, queryRow } from '../../database/sql.js';
import { UserEntity } from './entities/user.entity.js';

export type NewUser = Pick<UserEntity, 'username' | 'email' | 'passwordHash' | 'displayName'>;
export type ProfilePatch = Partial<
  Pick<
    UserEntity,
    | 'displayName'
    | 'bio'
    | 'birthdate'
    | 'dmPolicy'
    | 'avatarFileId'
    | 'coverFileId'
    | 'dndUntil'
    | 'emailNotifications'
    | 'birthdateVisibility'
    | 'pushPreview'
  >
>;

/** Advisory lock key (any constant) serialising registrations while the server has no account. */
const FIRST_ACCOUNT_LOCK = 7_165_000_001;
/** Advisory lock key serialising server role changes and deactivations. */
const ADMIN_CHANGES_LOCK = 7_165_000_002;

/** Every query on `users`. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /**
   * Inserts a user, in the caller's transaction when given one; a taken username or email fails on
   * `users_username_lower_key` / `users_email_lower_key`. The first account of an empty server is its admin: while
   * the table is empty, registrations take a transaction lock so that two racing first accounts are decided one
   * after the other (the second sees the first, committed, and is a `user`).
   */
  async insert(input: NewUser, em?: EntityManager): Promise<UserEntity> {
    const run = async (m: EntityManager): Promise<UserEntity> => {
      const empty = !(await m.getRepository(UserEntity).exists({}));
      if (empty) await m.query(`SELECT pg_advisory_xact_lock($1)`, [FIRST_ACCOUNT_LOCK]);
      const row = await queryRow<{ id: string }>(
        m,
        `INSERT INTO users (username, email, password_hash, display_name, server_role)
         VALUES ($1, $2, $3, $4, CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'user' ELSE 'admin' END)
         RETURNING id`,
        [input.username, input.email, input.passwordHash, input.displayName],
      );
      return m.getRepository(UserEntity).findOneByOrFail({ id: row!.id });
    };
    return em ? run(em) : this.users.manager.transaction(run);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  /** The user with this email or username (case-insensitive), with the password hash. */
  findByLoginWithHash(login: string): Promise<UserEntity | null> {
    const field = login.includes('@') ? 'email' : 'username';
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where(`lower(u.${field}) = lower(:login)`, { login }).getOne();
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /** Which of a username and an email (case-insensitively) belong to an account already, in that order. */
  async takenFields(username: string, email: string): Promise<Array<'username' | 'email'>> {
    const [row] = await this.users
      .createQueryBuilder('u')
      .select(`bool_or(lower(u.username) = lower(:username))`, 'username')
      .addSelect(`bool_or(lower(u.email) = lower(:email))`, 'email')
      .where('lower(u.username) = lower(:username) OR lower(u.email) = lower(:email)', { username, email })
      .getRawMany<{ username: boolean | null; email: boolean | null }>();
    return (['username', 'email'] as const).filter((f) => row?.[f]);
  }

  async passwordHash(userId: string): Promise<string | null> {
    const row = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :userId', { userId }).getOne();
    return row?.passwordHash ?? null;
  }

  /** Sets the hash, in the caller's transaction when given one. */
  async setPasswordHash(userId: string, passwordHash: string, em?: EntityManager): Promise<void> {
    await (em ? em.getRepository(UserEntity) : this.users).update({ id: userId }, { passwordHash });
  }

  async update(userId: string, patch: ProfilePatch | { lastSeenAt: Date }): Promise<void> {
    if (Object.keys(patch).length > 0) await this.users.update({ id: userId }, patch);
  }

  /** Whether the user exists, is a server admin and is active. */
  isAdmin(userId: string): Promise<boolean> {
    return this.users.exists({ where: { id: userId, serverRole: 'admin', deactivatedAt: IsNull(), deletedAt: IsNull() } });
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  /** Whether the server has any account yet. */
  hasAccounts(em?: EntityManager): Promise<boolean> {
    return (em ? em.getRepository(UserEntity) : this.users).exists({});
  }

  /**
   * Accounts as server admins list them: every account but deleted ones, deactivated included, matching `q` in the
   * username, display name or email (case-insensitive), oldest first.
   */
  adminList(q: string, limit: number, offset: number): Promise<UserEntity[]> {
    const qb = this.users.createQueryBuilder('u').where('u.deleted_at IS NULL');
    if (q.length > 0) {
      const contains = `%${likeEscape(q.toLowerCase())}%`;
      qb.andWhere('(lower(u.username) LIKE :contains OR lower(u.display_name) LIKE :contains OR lower(u.email) LIKE :contains)', {
        contains,
      });
    }
    return qb.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).offset(offset).getMany();
  }

  /**
   * Serialises changes of server roles and deactivations (held until the caller's transaction ends), so two admins
   * stepping down at the same time are decided one after the other and the server keeps an active admin.
   */
  async lockAdminChanges(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [ADMIN_CHANGES_LOCK]);
  }

  findIn(em: EntityManager, id: string): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOneBy({ id });
  }

  /** Active admins other than `userId`. */
  otherActiveAdmins(em: EntityManager, userId: string): Promise<number> {
    return em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`u.server_role = 'admin' AND u.deactivated_at IS NULL AND u.deleted_at IS NULL AND u.id <> :userId`, { userId })
      .getCount();
  }

  async setAdminFields(em: EntityManager, id: string, patch: Partial<Pick<UserEntity, 'serverRole' | 'deactivatedAt'>>): Promise<void> {
    if (Object.keys(patch).length > 0) await em.getRepository(UserEntity).update({ id }, patch);
  }

  /**
   * Empties a deleted account in place: username and email freed (replaced by values no one can register: the
   * email's domain is reserved, `.invalid`), the profile blanked, the password unusable, the role dropped.
   */
  async anonymize(userId: string): Promise<void> {
    const tag = userId.replace(/-/g, '').slice(0, 24);
    await this.users.update(
      { id: userId },
      {
        username: `deleted-${tag}`,
        email: `${userId}@deleted.invalid`,
        passwordHash: '!deleted',
        displayName: 'Deleted user',
        bio: '',
        birthdate: null,
        avatarFileId: null,
        coverFileId: null,
        serverRole: 'user',
        deletedAt: new Date(),
      },
    );
  }

  /** Accounts that are not deleted: all, active (not deactivated), active admins, deactivated. */
  async counts(): Promise<{ total: number; active: number; admins: number; deactivated: number }> {
    const row = await this.users
      .createQueryBuilder('u')
      .select('count(*)::int', 'total')
      .addSelect('(count(*) FILTER (WHERE u.deactivated_at IS NULL))::int', 'active')
      .addSelect(`(count(*) FILTER (WHERE u.deactivated_at IS NULL AND u.server_role = 'admin'))::int`, 'admins')
      .addSelect('(count(*) FILTER (WHERE u.deactivated_at IS NOT NULL))::int', 'deactivated')
      .where('u.deleted_at IS NULL')
      .getRawOne<{ total: number; active: number; admins: number; deactivated: number }>();
    return row ?? { total: 0, active: 0, admins: 0, deactivated: 0 };
  }

  /** Whether the file is some user's avatar or cover. */
  isPicture(fileId: string): Promise<boolean> {
    return this.users.exists({ where: [{ avatarFileId: fileId }, { coverFileId: fileId }] });
  }

  /**
   * Users whose username or display name contains `q` (case-insensitive), prefix matches first. The prefix tests use
   * the lower(...) text_pattern_ops indexes and the substring test the trigram index on "username display_name"; the
   * last condition keeps a match from spanning the two names.
   */
  searchQuery(q: string, limit: number): SelectQueryBuilder<UserEntity> {
    const term = q.toLowerCase();
    const escaped = likeEscape(term);
    return this.users
      .createQueryBuilder('u')
      .where(
        `(lower(u.username) LIKE :prefix OR lower(u.display_name) LIKE :prefix OR (lower(u.username) || ' ' || lower(u.display_name)) LIKE :contains)`,
        { prefix: `${escaped}%`, contains: `%${escaped}%` },
      )
      .andWhere(`(lower(u.username) LIKE :contains OR lower(u.display_name) LIKE :contains)`)
      .andWhere('u.deactivated_at IS NULL AND u.deleted_at IS NULL')
      .orderBy(
        `CASE WHEN lower(u.username) = :exact THEN 0 WHEN lower(u.username) LIKE :prefix THEN 1 WHEN lower(u.display_name) LIKE :prefix THEN 2 ELSE 3 END`,
      )
      .addOrderBy('lower(u.username)')
      .setParameter('exact', term)
      .limit(limit);
  }
}
