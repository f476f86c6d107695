import { Injectable } from '@nestjs/common';
import type { CreateReportDto, Report, ReportAction } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AdminUsersService } from '../accounts/admin-users.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomViewsService } from '../room-views/room-views.service.js';
import { BansService } from '../rooms/bans.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';
import type { ReportEntity } from './entities/report.entity.js';
import { toReport } from './report.mapper.js';
import { type ReportsPage, ReportsRepository } from './reports.repository.js';

/** Who the caller is as a moderator: a server admin sees every report, a room admin or owner those of their rooms. */
interface Moderator {
  serverAdmin: boolean;
  /** Rooms the caller is an admin or owner of. */
  rooms: Set<string>;
}

/**
 * Reports of messages and users. Anyone reports what they can see; the reports reach the reported message's room
 * admins and owners and the server admins, who resolve them with an action each may take: dismiss (anyone who sees
 * the report), delete the message (its room's admins, server admins), ban from the room (its room's admins and owners,
 * by the rule of room bans), deactivate the user (server admins). The reporter is told when it is resolved.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
    private readonly bans: BansService,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly views: RoomViewsService,
    private readonly audit: AuditService,
    private readonly adminUsers: AdminUsersService,
    private readonly events: DomainEvents,
  ) {}

  /** Reports a message (the reporter must be a member of its room: 404 otherwise) or a user; never oneself. */
  async create(reporterId: string, dto: CreateReportDto): Promise<Report> {
    if ((dto.messageId === undefined) === (dto.userId === undefined)) {
      throw AppException.validation('messageId', 'give exactly one of messageId and userId');
    }
    let target: Pick<ReportEntity, 'messageId' | 'roomId' | 'targetUserId'>;
    if (dto.messageId !== undefined) {
      const { roomId, senderId } = await this.messages.get(reporterId, dto.messageId);
      if (senderId === reporterId) throw AppException.validation('messageId', 'cannot be your own message');
      target = { messageId: dto.messageId, roomId, targetUserId: senderId };
    } else {
      if (dto.userId === reporterId) throw AppException.validation('userId', 'cannot be yourself');
      await this.users.get(dto.userId!);
      target = { messageId: null, roomId: null, targetUserId: dto.userId! };
    }
    const saved = await this.reports.insert({ reporterId, ...target, reason: dto.reason, comment: dto.comment ?? '' });
    return (await this.present(reporterId, [saved]))[0]!;
  }

  /** Server admins: every report; room admins and owners: reports about messages of their rooms; others 403. */
  async list(userId: string, page: ReportsPage): Promise<Report[]> {
    const mod = await this.moderator(userId);
    if (!mod.serverAdmin && mod.rooms.size === 0) throw AppException.forbidden('Only moderators can read reports');
    return this.present(userId, await this.reports.list(mod.serverAdmin ? null : [...mod.rooms], page));
  }

  /**
   * Resolves an open report with an action the caller may take (404 for a report they cannot see, 403 for an action
   * that is not theirs, 409 when it is resolved already), then tells the reporter.
   */
  async resolve(userId: string, reportId: string, action: ReportAction): Promise<Report> {
    const report = await this.reports.findById(reportId);
    const mod = await this.moderator(userId);
    const roomModerator = report?.roomId ? mod.rooms.has(report.roomId) : false;
    if (!report || !(mod.serverAdmin || roomModerator)) throw AppException.notFound('Report');
    if (report.status !== 'open') throw AppException.conflict('This report is already resolved');
    await this.act(userId, report, action, mod.serverAdmin, roomModerator);
    const resolved = await this.reports.transaction(async (em) => {
      if (!(await this.reports.resolve(em, report.id, action, userId))) return false;
      const details = { action, messageId: report.messageId, roomId: report.roomId, userId: report.targetUserId };
      await this.audit.record({ actorId: userId, action: 'report.resolved', targetType: 'report', targetId: report.id, details }, em);
      return true;
    });
    if (!resolved) throw AppException.conflict('This report is already resolved');
    this.events.emit('report.resolved', { reportId: report.id, reporterId: report.reporterId, by: userId, action });
    return (await this.present(userId, [(await this.reports.findById(report.id))!]))[0]!;
  }

  /** Takes the action, when the caller may. */
  private async act(
    userId: string,
    report: ReportEntity,
    action: ReportAction,
    serverAdmin: boolean,
    roomModerator: boolean,
  ): Promise<void> {
    switch (action) {
      case 'dismiss':
        return;
      case 'delete_message':
        if (!report.messageId) throw AppException.validation('action', 'this report is about no message');
        return this.messages.removeAsModerator(userId, report.messageId);
      case 'ban_from_room':
        if (!report.roomId || !report.targetUserId) throw AppException.validation('action', 'this report is about no room');
        if (!roomModerator) throw AppException.forbidden('Only the room’s admins and owners can ban from it');
        await this.bans.ban(report.roomId, userId, report.targetUserId, { reason: `report ${report.id}` });
        return;
      case 'deactivate_user':
        if (!serverAdmin) throw AppException.forbidden('Only server admins can deactivate accounts');
        if (!report.targetUserId) throw AppException.validation('action', 'this report is about no user');
        return this.deactivate(userId, report.targetUserId);
    }
  }

  /** Deactivation is the server administration's (`AdminUsersService`): sessions end and sockets close at once. */
  private async deactivate(adminId: string, userId: string): Promise<void> {
    await this.adminUsers.update(adminId, userId, { deactivated: true });
  }

  private async moderator(userId: string): Promise<Moderator> {
    const [serverAdmin, rooms] = await Promise.all([this.users.isAdmin(userId), this.rooms.moderatedRoomIds(userId)]);
    return { serverAdmin, rooms: new Set(rooms) };
  }

  /** Reports in their shape for the viewer, their users, messages and rooms loaded in one batch each. */
  private async present(viewerId: string, rows: ReportEntity[]): Promise<Report[]> {
    if (rows.length === 0) return [];
    const roomIds = [...new Set(rows.flatMap((r) => (r.roomId ? [r.roomId] : [])))];
    const [users, messages, rooms] = await Promise.all([
      this.people.byId(
        viewerId,
        rows.flatMap((r) => (r.targetUserId ? [r.reporterId, r.targetUserId] : [r.reporterId])),
      ),
      this.messages.presentByIds(
        viewerId,
        rows.flatMap((r) => (r.messageId ? [r.messageId] : [])),
      ),
      this.rooms.findByIds(roomIds).then((found) => this.views.present(viewerId, found)),
    ]);
    const parts = { users, messages, rooms: new Map(rooms.map((r) => [r.id, r])) };
    return rows.flatMap((r) => toReport(r, parts) ?? []);
  }
}
