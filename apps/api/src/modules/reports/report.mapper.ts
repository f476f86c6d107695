import type { Message, Report, Room, User } from '@chat/contracts';
import type { ReportEntity } from './entities/report.entity.js';

/** What a report's presentation needs, each already presented for the viewer. */
export interface ReportParts {
  users: Map<string, User>;
  messages: Map<string, Message>;
  rooms: Map<string, Room>;
}

/** The `Report` shape: a message report names its message and room (`user` null), a user report its user only. */
export function toReport(r: ReportEntity, parts: ReportParts): Report | null {
  const reporter = parts.users.get(r.reporterId);
  if (!reporter) return null;
  const aboutMessage = r.messageId !== null || r.roomId !== null;
  return {
    id: r.id,
    reporter,
    message: (r.messageId && parts.messages.get(r.messageId)) || null,
    user: aboutMessage ? null : (r.targetUserId && parts.users.get(r.targetUserId)) || null,
    room: (r.roomId && parts.rooms.get(r.roomId)) || null,
    reason: r.reason,
    comment: r.comment,
    status: r.status,
    resolution: r.resolution,
    createdAt: r.createdAt.toISOString(),
  };
}
