import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';
import { RoomBanEntity } from './entities/room-ban.entity.js';
import { activeBanSql } from './room-membership.sql.js';

export interface NewBan {
  roomId: string;
  userId: string;
  reason: string;
  expiresAt: Date | null;
  bannedBy: string;
}

/** Every query on `room_bans`. A ban is active until its `expires_at` (`activeBanSql`). */
@Injectable()
export class RoomBansRepository {
  constructor(
    @InjectRepository(RoomBanEntity) private readonly bans: Repository<RoomBanEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async isBanned(roomId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await queryRow<{ banned: boolean }>(em, `SELECT ${activeBanSql('$1', '$2')} AS banned`, [roomId, userId]))!.banned;
  }

  /** Bans (again: the reason, expiry, author and time are replaced), in the caller's transaction. */
  async upsert(em: EntityManager, ban: NewBan): Promise<void> {
    await queryRows(
      em,
      `INSERT INTO room_bans (room_id, user_id, reason, expires_at, banned_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT room_bans_pkey
       DO UPDATE SET reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, banned_by = EXCLUDED.banned_by, created_at = now()`,
      [ban.roomId, ban.userId, ban.reason, ban.expiresAt, ban.bannedBy],
    );
  }

  /** Lifts an active ban; false when there was none (an expired one is removed as well). */
  async delete(roomId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await queryRows<{ active: boolean }>(
      em,
      `DELETE FROM room_bans WHERE room_id = $1 AND user_id = $2 RETURNING (expires_at IS NULL OR expires_at > now()) AS active`,
      [roomId, userId],
    );
    return rows.some((r) => r.active);
  }

  /** The room's active bans, the latest first. */
  listActive(roomId: string): Promise<RoomBanEntity[]> {
    return this.bans
      .createQueryBuilder('b')
      .where('b.room_id = :roomId AND (b.expires_at IS NULL OR b.expires_at > now())', { roomId })
      .orderBy('b.created_at', 'DESC')
      .getMany();
  }
}
