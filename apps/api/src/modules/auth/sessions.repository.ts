import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, MoreThan, type Repository } from 'typeorm';
import { HotStatements, type PreparedQuery } from '../../database/prepared-query.js';
import { queryRow } from '../../database/sql.js';
import { PasswordResetEntity } from './entities/password-reset.entity.js';
import { SessionEntity } from './entities/session.entity.js';

export type NewSession = Pick<SessionEntity, 'userId' | 'ip' | 'userAgent' | 'expiresAt' | 'lastUsedAt'>;

/** Every query on `sessions` and `password_resets`. */
@Injectable()
export class SessionsRepository {
  /** The per-request session check, as a named prepared statement. */
  private readonly query: PreparedQuery;

  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(PasswordResetEntity) private readonly resets: Repository<PasswordResetEntity>,
    private readonly dataSource: DataSource,
    hot: HotStatements,
  ) {
    this.query = hot.query;
  }

  insert(values: NewSession): Promise<SessionEntity> {
    return this.sessions.save(this.sessions.create(values));
  }

  /**
   * When a live session (unrevoked, unexpired, of this user, whose account is neither deactivated nor deleted) was
   * last used and when it ends; null when there is none. Every request runs it. The account check closes the gap
   * between a login that passed its checks and a deactivation committed meanwhile.
   */
  async findLive(sessionId: string, userId: string, now: Date): Promise<{ lastUsedAt: Date; expiresAt: Date } | null> {
    const [row] = await this.query<{ last_used_at: Date; expires_at: Date }>(
      'session-live',
      `SELECT s.last_used_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
          AND u.deactivated_at IS NULL AND u.deleted_at IS NULL`,
      [sessionId, userId, now],
    );
    return row ? { lastUsedAt: row.last_used_at, expiresAt: row.expires_at } : null;
  }

  async touch(sessionId: string, at: Date): Promise<void> {
    await this.sessions.update({ id: sessionId }, { lastUsedAt: at });
  }

  listLive(userId: string): Promise<SessionEntity[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  /** Marks matching live sessions revoked; answers their ids. */
  async revoke(where: { id?: string; userId?: string; exceptId?: string }): Promise<string[]> {
    const qb = this.sessions
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('revoked_at IS NULL');
    if (where.id) qb.andWhere('id = :id', { id: where.id });
    if (where.userId) qb.andWhere('user_id = :userId', { userId: where.userId });
    if (where.exceptId) qb.andWhere('id <> :exceptId', { exceptId: where.exceptId });
    const result = await qb.returning(['id']).execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }

  async insertReset(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.resets.save(this.resets.create({ userId, tokenHash, expiresAt }));
  }

  /** Whether a reset token (by its hash) is unused and unexpired. */
  resetIsLive(tokenHash: string): Promise<boolean> {
    return this.resets.exists({ where: { tokenHash, usedAt: IsNull(), expiresAt: MoreThan(new Date()) } });
  }

  /** Voids every outstanding reset link of the user (after a password change). */
  async voidResets(userId: string): Promise<void> {
    await this.resets.update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
  }

  /**
   * Spends a reset token (once, atomically) in the caller's transaction and voids the user's other links: the user's
   * id, or null when the token is unknown, used or expired.
   */
  async spendReset(em: EntityManager, tokenHash: string): Promise<string | null> {
    const row = await queryRow<{ user_id: string }>(
      em,
      `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [tokenHash],
    );
    if (!row) return null;
    await em.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [row.user_id]);
    return row.user_id;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
