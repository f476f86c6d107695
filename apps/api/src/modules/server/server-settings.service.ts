import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ServerInfo, ServerSettings, UpdateServerSettingsDto } from '@chat/contracts';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import type { ServerSettingsEntity } from './entities/server-settings.entity.js';
import { type SettingsPatch, ServerRepository } from './server.repository.js';

const toSettings = (s: ServerSettingsEntity): ServerSettings => ({
  name: s.name,
  registration: s.registration,
  roomCreation: s.roomCreation,
});

/**
 * The server's settings and the rules that follow them: who may register, who may create rooms. They live in one
 * database row, read on each use (registrations, room creations and `GET /server` are rare next to messages, and the
 * row is one primary-key lookup): a change made on one API process applies at once on every other, with nothing to
 * broadcast and no cache to go stale. The environment (REGISTRATION, SERVER_NAME) only seeds the row at the first start.
 */
@Injectable()
export class ServerSettingsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ServerRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repo.seedSettings(this.config.server);
  }

  async info(): Promise<ServerInfo> {
    const s = await this.settings();
    return { name: s.name, registration: s.registration };
  }

  async get(): Promise<ServerSettings> {
    return toSettings(await this.settings());
  }

  /** Applies the given fields; the change and its old values go to the audit log in the same transaction. */
  async update(actorId: string, dto: UpdateServerSettingsDto): Promise<ServerSettings> {
    return this.repo.transaction(async (em) => {
      const current = await this.settings(em, true);
      const patch: SettingsPatch = {};
      const changes: Record<string, { from: string; to: string }> = {};
      for (const key of ['name', 'registration', 'roomCreation'] as const) {
        const value = dto[key];
        if (value === undefined || value === current[key]) continue;
        Object.assign(patch, { [key]: value });
        changes[key] = { from: current[key], to: value };
      }
      if (Object.keys(patch).length === 0) return toSettings(current);
      await this.repo.updateSettings(em, patch);
      await this.audit.record({ actorId, action: 'settings.updated', targetType: 'server', targetId: 'settings', details: changes }, em);
      return toSettings({ ...current, ...patch });
    });
  }

  /**
   * Whether a registration may even start (before its password is hashed): 403 when registration is closed, or
   * needs an invite and none was given. The very first account of a server is always let in: it becomes the admin
   * who can then open or close sign-up.
   */
  async checkRegistration(inviteCode: string | undefined): Promise<void> {
    const { registration } = await this.settings();
    if (registration === 'open' || !(await this.users.hasAccounts())) return;
    if (registration === 'closed') throw AppException.forbidden('Registration is closed on this server');
    if (inviteCode === undefined) throw AppException.forbidden('Registration on this server needs an invite link');
  }

  /**
   * Admits a registration inside its transaction: with `invite`, spends one use of the code (given back if the
   * transaction rolls back, for instance on a taken username). 403 for a closed server or a code that is unknown,
   * revoked, expired or used up; nothing is created then.
   */
  async admitRegistration(em: EntityManager, inviteCode: string | undefined): Promise<void> {
    const { registration } = await this.settings(em);
    if (registration === 'open' || !(await this.users.hasAccounts(em))) return;
    if (registration === 'closed') throw AppException.forbidden('Registration is closed on this server');
    if (inviteCode === undefined) throw AppException.forbidden('Registration on this server needs an invite link');
    if (!(await this.repo.spendLink(em, inviteCode))) {
      throw AppException.forbidden('This invite link is invalid, used up, expired or revoked');
    }
  }

  /** With `roomCreation: admins`, only server admins create rooms (403 for others). */
  async requireMayCreateRoom(userId: string): Promise<void> {
    const { roomCreation } = await this.settings();
    if (roomCreation === 'admins' && !(await this.users.isAdmin(userId))) {
      throw AppException.forbidden('Only server admins may create rooms on this server');
    }
  }

  private async settings(em?: EntityManager, lock = false): Promise<ServerSettingsEntity> {
    let row = await this.repo.findSettings(em, lock);
    if (!row) {
      await this.repo.seedSettings(this.config.server);
      row = await this.repo.findSettings(em, lock);
    }
    return row!;
  }
}
