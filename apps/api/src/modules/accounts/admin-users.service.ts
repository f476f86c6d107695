import { Injectable } from '@nestjs/common';
import type { AdminUser, UpdateAdminUserDto } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { PeopleService } from '../friendships/people.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { toAdminUser } from '../users/user.mapper.js';
import { UsersService } from '../users/users.service.js';

/**
 * Server admins managing accounts: list, promote and demote, deactivate and reactivate. A deactivation ends every
 * session of the user at once (their sockets close on every API process); from then on their login answers 401 like
 * a wrong password and the per-request session check refuses them, they are hidden from user search, and their
 * messages stay. The server never loses its last active admin: an admin who is the only one cannot demote or
 * deactivate themselves (409).
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async list(viewerId: string, q: string, limit: number, offset: number): Promise<AdminUser[]> {
    return this.present(viewerId, await this.users.adminList(q, limit, offset));
  }

  async update(actorId: string, targetId: string, dto: UpdateAdminUserDto): Promise<AdminUser> {
    const { user, deactivated } = await this.users.adminChange(async (tx) => {
      const before = await tx.find(targetId);
      if (!before || before.deletedAt) throw AppException.notFound('User');
      const after: UserEntity = { ...before };
      const entries: Array<{ action: string; details: Record<string, unknown> }> = [];
      if (dto.serverRole !== undefined && dto.serverRole !== before.serverRole) {
        after.serverRole = dto.serverRole;
        entries.push({
          action: dto.serverRole === 'admin' ? 'user.promoted' : 'user.demoted',
          details: { from: before.serverRole, to: dto.serverRole },
        });
      }
      if (dto.deactivated !== undefined && dto.deactivated !== (before.deactivatedAt !== null)) {
        after.deactivatedAt = dto.deactivated ? new Date() : null;
        entries.push({ action: dto.deactivated ? 'user.deactivated' : 'user.reactivated', details: {} });
      }
      if (entries.length === 0) return { user: before, deactivated: false };
      const wasActiveAdmin = before.serverRole === 'admin' && before.deactivatedAt === null;
      const isActiveAdmin = after.serverRole === 'admin' && after.deactivatedAt === null;
      if (wasActiveAdmin && !isActiveAdmin && targetId === actorId && (await tx.otherActiveAdmins(actorId)) === 0) {
        throw AppException.conflict('You are the last active admin of this server: promote someone else first');
      }
      await tx.set(targetId, { serverRole: after.serverRole, deactivatedAt: after.deactivatedAt });
      for (const e of entries) {
        await this.audit.record(
          { actorId, action: e.action, targetType: 'user', targetId, details: { ...e.details, username: before.username } },
          tx.em,
        );
      }
      return { user: after, deactivated: before.deactivatedAt === null && after.deactivatedAt !== null };
    });
    // After the commit: every session of theirs ends and their sockets close, on every process.
    if (deactivated) await this.auth.revokeAllSessions(targetId);
    return (await this.present(actorId, [user]))[0]!;
  }

  private async present(viewerId: string, entities: UserEntity[]): Promise<AdminUser[]> {
    const users = await this.people.present(viewerId, entities);
    return entities.map((e, i) => toAdminUser(e, users[i]!));
  }
}
