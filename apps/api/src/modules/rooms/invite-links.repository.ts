import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { queryRows } from '../../database/sql.js';
import { RoomInviteLinkEntity } from './entities/room-invite-link.entity.js';

/** A link can still be used: not revoked, not expired, not used up (`l` is the table's alias). */
const USABLE = `l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now()) AND (l.max_uses IS NULL OR l.uses < l.max_uses)`;

/** Every query on `room_invite_links`. */
@Injectable()
export class InviteLinksRepository {
  constructor(
    @InjectRepository(RoomInviteLinkEntity) private readonly links: Repository<RoomInviteLinkEntity>,
    private readonly dataSource: DataSource,
  ) {}

  insert(values: Pick<RoomInviteLinkEntity, 'roomId' | 'code' | 'maxUses' | 'expiresAt' | 'createdBy'>): Promise<RoomInviteLinkEntity> {
    return this.links.save(this.links.create(values));
  }

  findById(id: string): Promise<RoomInviteLinkEntity | null> {
    return this.links.findOneBy({ id });
  }

  /** The link with this code, exactly (codes are case-sensitive), usable or not. */
  findByCode(code: string): Promise<RoomInviteLinkEntity | null> {
    return this.links.findOneBy({ code });
  }

  listForRoom(roomId: string): Promise<RoomInviteLinkEntity[]> {
    return this.links.find({ where: { roomId }, order: { createdAt: 'DESC' } });
  }

  async revoke(id: string): Promise<void> {
    await queryRows(this.dataSource.manager, `UPDATE room_invite_links SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  /**
   * Counts one use, in the caller's transaction, when the link is still usable: false otherwise. The row lock makes
   * racers queue, and each re-reads the count after the one before it committed, so the last use goes to exactly one.
   */
  async use(em: EntityManager, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      em,
      `UPDATE room_invite_links l SET uses = l.uses + 1 WHERE l.id = $1 AND ${USABLE} RETURNING l.id`,
      [id],
    );
    return rows.length > 0;
  }
}

/** Whether the link can be used now (the rule of `USABLE`, for a row at hand). */
export function isUsable(l: RoomInviteLinkEntity, now = new Date()): boolean {
  return !l.revokedAt && (!l.expiresAt || l.expiresAt > now) && (l.maxUses === null || l.uses < l.maxUses);
}
