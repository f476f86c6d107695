import type { AuditEntry } from '@chat/contracts';

/** One audit entry in words: what the actor did (a sentence without the actor), and what it was done to. */
export interface AuditDescription {
  /** "changed sign-up from open to invite only" */
  text: string;
  target: { label: string; href: string | null };
}

const REGISTRATION: Record<string, string> = { open: 'open to everyone', invite: 'invite only', closed: 'closed' };
const ROOM_CREATION: Record<string, string> = { everyone: 'everyone', admins: 'server admins only' };
const REPORT_ACTION: Record<string, string> = {
  dismiss: 'dismissed a report',
  delete_message: 'resolved a report by deleting the message',
  ban_from_room: 'resolved a report by banning the user from the room',
  deactivate_user: 'resolved a report by deactivating the user',
};

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function change(details: Record<string, unknown>, key: string): { from: string; to: string } | null {
  const c = details[key] as { from?: unknown; to?: unknown } | undefined;
  if (typeof c !== 'object' || c === null) return null;
  const from = str(c.from);
  const to = str(c.to);
  return from !== null && to !== null ? { from, to } : null;
}

function settingsText(details: Record<string, unknown>): string {
  const parts: string[] = [];
  const name = change(details, 'name');
  if (name) parts.push(`renamed the server from “${name.from}” to “${name.to}”`);
  const reg = change(details, 'registration');
  if (reg) parts.push(`changed sign-up from ${REGISTRATION[reg.from] ?? reg.from} to ${REGISTRATION[reg.to] ?? reg.to}`);
  const rooms = change(details, 'roomCreation');
  if (rooms) {
    parts.push(`changed who may create rooms from ${ROOM_CREATION[rooms.from] ?? rooms.from} to ${ROOM_CREATION[rooms.to] ?? rooms.to}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'changed the server settings';
}

function inviteCreatedText(details: Record<string, unknown>, formatTime: (iso: string) => string): string {
  const maxUses = num(details.maxUses);
  const expiresAt = str(details.expiresAt);
  const limits = [
    maxUses !== null ? `for ${maxUses} ${maxUses === 1 ? 'use' : 'uses'}` : null,
    expiresAt ? `valid until ${formatTime(expiresAt)}` : null,
  ].filter(Boolean);
  return `created an invite link${limits.length > 0 ? ` ${limits.join(', ')}` : ''}`;
}

function userTarget(entry: AuditEntry): AuditDescription['target'] {
  const username = str(entry.details.username);
  return { label: username ? `@${username}` : 'A user', href: `/users/${encodeURIComponent(entry.targetId)}` };
}

function roomTarget(entry: AuditEntry): AuditDescription['target'] {
  const roomId = str(entry.details.roomId);
  return { label: 'The room', href: roomId ? `/rooms/${encodeURIComponent(roomId)}/details` : null };
}

/** "user.promoted" → "user promoted": an action this screen does not know yet still reads as words. */
function humanize(action: string): string {
  return action.replace(/[._]+/g, ' ').trim();
}

/**
 * Puts an entry of `GET /admin/audit` in words. `formatTime` writes the times found in the details (the caller's
 * locale and zone).
 */
export function describeAuditEntry(entry: AuditEntry, formatTime: (iso: string) => string): AuditDescription {
  const d = entry.details ?? {};
  const username = str(d.username);
  const who = username ? `@${username}` : 'a user';
  switch (entry.action) {
    case 'settings.updated':
      return { text: settingsText(d), target: { label: 'Server settings', href: '/admin/settings' } };
    case 'invite_link.created':
      return { text: inviteCreatedText(d, formatTime), target: { label: 'Invite link', href: '/admin/invites' } };
    case 'invite_link.revoked': {
      const uses = num(d.uses);
      const used = uses !== null ? ` (used ${uses} ${uses === 1 ? 'time' : 'times'})` : '';
      return { text: `revoked an invite link${used}`, target: { label: 'Invite link', href: '/admin/invites' } };
    }
    case 'user.promoted':
      return { text: `made ${who} a server admin`, target: userTarget(entry) };
    case 'user.demoted':
      return { text: `removed ${who} from the server admins`, target: userTarget(entry) };
    case 'user.deactivated':
      return { text: `deactivated ${who}`, target: userTarget(entry) };
    case 'user.reactivated':
      return { text: `reactivated ${who}`, target: userTarget(entry) };
    case 'room.ban': {
      const reason = str(d.reason);
      const until = str(d.expiresAt);
      const text = `banned a user from a room${until ? ` until ${formatTime(until)}` : ''}${reason ? ` (reason: “${reason}”)` : ''}`;
      return { text, target: userTarget(entry) };
    }
    case 'room.unban':
      return { text: 'lifted a room ban', target: userTarget(entry) };
    case 'room.kick':
      return { text: 'removed a member from a room', target: userTarget(entry) };
    case 'room.role_changed': {
      const from = str(d.from);
      const to = str(d.to);
      const text = from && to ? `changed a member’s room role from ${from} to ${to}` : 'changed a member’s room role';
      return { text, target: userTarget(entry) };
    }
    case 'message.deleted': {
      const seq = num(d.seq);
      return {
        text: 'deleted a message someone else sent',
        target: { ...roomTarget(entry), label: seq ? `Message #${seq}` : 'A message' },
      };
    }
    case 'report.resolved': {
      const action = str(d.action);
      return {
        text: (action && REPORT_ACTION[action]) ?? 'resolved a report',
        target: { label: 'Report', href: '/reports' },
      };
    }
    default:
      return { text: humanize(entry.action), target: { label: humanize(entry.targetType) || 'Unknown', href: null } };
  }
}
