import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@chat/contracts';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { PeopleService } from '../friendships/people.service.js';
import { toAuditEntry } from './audit.mapper.js';
import { type AuditCursor, AuditRepository } from './audit.repository.js';

/**
 * What an audit entry records. `action` names what happened, as `<thing>.<verb>` ("settings.updated",
 * "invite_link.created", "user.deactivated", "room.ban", "message.deleted", "report.resolved"…); `targetType` and
 * `targetId` what it happened to ("user" and a user id, "room" and a room id, "server" and "settings"…); `details` the
 * rest (old and new values, a reason, the room of a message).
 */
export interface AuditRecord {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log: every admin and moderator action, with its actor, target and details. */
@Injectable()
export class AuditService {
  constructor(
    private readonly entries: AuditRepository,
    private readonly people: PeopleService,
  ) {}

  /**
   * Records an action. Pass the transaction that makes the change, so the entry commits (or rolls back) with it;
   * without one it is written on its own.
   */
  record(entry: AuditRecord, em?: EntityManager): Promise<void> {
    return this.entries.insert({ ...entry, details: entry.details ?? {} }, em);
  }

  /** A page of the log, newest first, with the actors as the viewer sees them. */
  async list(viewerId: string, before: string | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await this.entries.page(await this.cursor(before), limit);
    const actors = await this.people.byId(
      viewerId,
      rows.map((r) => r.actorId),
      { relations: false },
    );
    return rows.flatMap((r) => {
      const actor = actors.get(r.actorId);
      return actor ? [toAuditEntry(r, actor)] : [];
    });
  }

  /** `before` is an entry id (the last of the previous page) or an ISO-8601 time. */
  private async cursor(before: string | undefined): Promise<AuditCursor> {
    if (before === undefined) return null;
    if (UUID.test(before)) {
      if (!(await this.entries.exists(before))) throw AppException.validation('before', 'is not an audit entry');
      return { entryId: before };
    }
    const time = new Date(before);
    if (Number.isNaN(time.getTime())) throw AppException.validation('before', 'must be an audit entry id or an ISO-8601 time');
    return { time };
  }
}
