import type { Report, ReportAction, User } from '@chat/contracts';

/** Who is looking at the report: a server admin or not (room roles come with each report's room). */
export interface ReportViewer {
  serverAdmin: boolean;
}

/** The person a report is about: the reported user, or the sender of the reported message. */
export function reportedUser(report: Pick<Report, 'user' | 'message'>): User | null {
  return report.user ?? report.message?.sender ?? null;
}

/**
 * The actions that make sense for an open report and that this viewer may take (the server checks again): dismiss
 * always; delete a message that is still there (its room's admins, server admins); ban from the message's room (its
 * admins and owners only); deactivate the account (server admins).
 */
export function reportActions(report: Pick<Report, 'status' | 'message' | 'room' | 'user'>, viewer: ReportViewer): ReportAction[] {
  if (report.status !== 'open') return [];
  const roomModerator = report.room !== null && (report.room.myRole === 'admin' || report.room.myRole === 'owner');
  const actions: ReportAction[] = ['dismiss'];
  if (report.message && !report.message.deletedAt && (roomModerator || viewer.serverAdmin)) actions.push('delete_message');
  if (report.room && roomModerator && reportedUser(report)) actions.push('ban_from_room');
  if (viewer.serverAdmin && reportedUser(report)) actions.push('deactivate_user');
  return actions;
}

export const ACTION_LABEL: Record<ReportAction, string> = {
  dismiss: 'Dismiss',
  delete_message: 'Delete message',
  ban_from_room: 'Ban from room',
  deactivate_user: 'Deactivate account',
};

/** What the action resolved a report with, in the past tense, for the resolved list. */
export const RESOLUTION_LABEL: Record<ReportAction, string> = {
  dismiss: 'Dismissed',
  delete_message: 'Message deleted',
  ban_from_room: 'Banned from the room',
  deactivate_user: 'Account deactivated',
};

/** The confirmation's title and sentence for an action on a report. */
export function confirmText(action: ReportAction, report: Pick<Report, 'room' | 'user' | 'message'>): { title: string; body: string } {
  const who = reportedUser(report)?.displayName ?? 'this person';
  const room = report.room?.name ?? 'the room';
  switch (action) {
    case 'dismiss':
      return { title: 'Dismiss this report?', body: 'Nothing else happens. The reporter is told the report was handled.' };
    case 'delete_message':
      return { title: 'Delete the reported message?', body: `It will show as “Message deleted” for everyone in ${room}.` };
    case 'ban_from_room':
      return {
        title: `Ban ${who} from ${room}?`,
        body: `${who} is removed from ${room} and cannot join again until a room admin lifts the ban. Their messages stay.`,
      };
    case 'deactivate_user':
      return {
        title: `Deactivate ${who}’s account?`,
        body: `${who} is logged out everywhere at once and can no longer log in. Their messages stay. A server admin can reactivate the account.`,
      };
  }
}
