import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateInviteLinkDto, InviteLink } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { PeopleService } from '../friendships/people.service.js';
import type { ServerInviteLinkEntity } from './entities/server-invite-link.entity.js';
import { toInviteLink } from './invite-link.mapper.js';
import { ServerRepository } from './server.repository.js';

/** 24 random bytes: 192 bits, 32 base64url characters (case-sensitive). */
const newCode = () => randomBytes(24).toString('base64url');
const HOUR_MS = 3600 * 1000;

/** Server invite links: minted, listed and revoked by admins; spent by `ServerSettingsService.admitRegistration`. */
@Injectable()
export class InviteLinksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ServerRepository,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  async create(actorId: string, dto: CreateInviteLinkDto): Promise<InviteLink> {
    const link = await this.repo.transaction(async (em) => {
      const row = await this.repo.insertLink(
        {
          code: newCode(),
          maxUses: dto.maxUses ?? null,
          expiresAt: dto.expiresInHours === undefined ? null : new Date(Date.now() + dto.expiresInHours * HOUR_MS),
          createdBy: actorId,
        },
        em,
      );
      const details = { maxUses: row.maxUses, expiresAt: row.expiresAt?.toISOString() ?? null };
      await this.audit.record({ actorId, action: 'invite_link.created', targetType: 'invite_link', targetId: row.id, details }, em);
      return row;
    });
    return (await this.present(actorId, [link]))[0]!;
  }

  async list(viewerId: string): Promise<InviteLink[]> {
    return this.present(viewerId, await this.repo.listLinks());
  }

  /** 204 whether or not it was revoked before (revoking twice records once); an unknown id is 404. */
  async revoke(actorId: string, id: string): Promise<void> {
    const link = await this.repo.findLink(id);
    if (!link) throw AppException.notFound('Invite link');
    await this.repo.transaction(async (em) => {
      if (!(await this.repo.revokeLink(em, id))) return;
      const details = { uses: link.uses, maxUses: link.maxUses };
      await this.audit.record({ actorId, action: 'invite_link.revoked', targetType: 'invite_link', targetId: id, details }, em);
    });
  }

  private async present(viewerId: string, rows: ServerInviteLinkEntity[]): Promise<InviteLink[]> {
    const creators = await this.people.byId(
      viewerId,
      rows.map((r) => r.createdBy),
      { relations: false },
    );
    return rows.flatMap((r) => {
      const by = creators.get(r.createdBy);
      return by ? [toInviteLink(r, by, this.config.publicUrl)] : [];
    });
  }
}
