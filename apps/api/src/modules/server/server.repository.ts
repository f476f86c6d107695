import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { queryRow } from '../../database/sql.js';
import { ServerInviteLinkEntity } from './entities/server-invite-link.entity.js';
import { ServerSettingsEntity } from './entities/server-settings.entity.js';

export type SettingsPatch = Partial<Pick<ServerSettingsEntity, 'name' | 'registration' | 'roomCreation'>>;
export type NewInviteLink = Pick<ServerInviteLinkEntity, 'code' | 'maxUses' | 'expiresAt' | 'createdBy'>;

const INVITE_LINKS_SHOWN = 500;

/** Every query on `server_settings` and `server_invite_links`. */
@Injectable()
export class ServerRepository {
  constructor(
    @InjectRepository(ServerSettingsEntity) private readonly settings: Repository<ServerSettingsEntity>,
    @InjectRepository(ServerInviteLinkEntity) private readonly links: Repository<ServerInviteLinkEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /** Writes the settings row with these first defaults unless it exists already (several processes may race). */
  async seedSettings(defaults: Pick<ServerSettingsEntity, 'name' | 'registration'>): Promise<void> {
    await this.dataSource.query(`INSERT INTO server_settings (id, name, registration) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, [
      defaults.name,
      defaults.registration,
    ]);
  }

  /** The settings row; `lock` holds it until the caller's transaction ends (one change at a time). */
  findSettings(em?: EntityManager, lock = false): Promise<ServerSettingsEntity | null> {
    const repo = em ? em.getRepository(ServerSettingsEntity) : this.settings;
    const qb = repo.createQueryBuilder('s').where('s.id = 1');
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async updateSettings(em: EntityManager, patch: SettingsPatch): Promise<void> {
    await em.getRepository(ServerSettingsEntity).update({ id: 1 }, patch);
  }

  insertLink(values: NewInviteLink, em?: EntityManager): Promise<ServerInviteLinkEntity> {
    const repo = em ? em.getRepository(ServerInviteLinkEntity) : this.links;
    return repo.save(repo.create(values));
  }

  listLinks(): Promise<ServerInviteLinkEntity[]> {
    return this.links.find({ order: { createdAt: 'DESC', id: 'DESC' }, take: INVITE_LINKS_SHOWN });
  }

  findLink(id: string): Promise<ServerInviteLinkEntity | null> {
    return this.links.findOneBy({ id });
  }

  /** Revokes a live link; answers whether this call revoked it (false: unknown or revoked already). */
  async revokeLink(em: EntityManager, id: string): Promise<boolean> {
    const row = await queryRow<{ id: string }>(
      em,
      `UPDATE server_invite_links SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return row !== null;
  }

  /**
   * Spends one use of a code, in the caller's transaction: one statement that counts the use only while the link is
   * unrevoked, unexpired and not used up. Its row lock makes racing registrations wait for each other, and a waiting
   * one re-checks the row as the first left it, so two people racing for the last use cannot both get it (and a
   * registration that then fails gives its use back by rolling back). Answers the link's id, or null.
   */
  async spendLink(em: EntityManager, code: string): Promise<string | null> {
    const row = await queryRow<{ id: string }>(
      em,
      `UPDATE server_invite_links SET uses = uses + 1
        WHERE code = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          AND (max_uses IS NULL OR uses < max_uses)
        RETURNING id`,
      [code],
    );
    return row?.id ?? null;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
