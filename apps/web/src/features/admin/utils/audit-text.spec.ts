import { describe, expect, it } from '@jest/globals';
import type { AuditEntry, User } from '@chat/contracts';
import { describeAuditEntry } from './audit-text';

const actor = { id: 'a1', username: 'ada', displayName: 'Ada' } as User;
const entry = (action: string, details: Record<string, unknown>, targetType = 'user', targetId = 'u2'): AuditEntry => ({
  id: 'e1',
  actor,
  action,
  targetType,
  targetId,
  details,
  createdAt: '2026-12-05T10:00:00Z',
});
const time = (iso: string) => `<${iso}>`;

describe('describeAuditEntry', () => {
  it('says every setting that changed, with the modes in words', () => {
    const d = describeAuditEntry(
      entry(
        'settings.updated',
        { name: { from: 'Chat', to: 'Our place' }, registration: { from: 'open', to: 'invite' } },
        'server',
        'settings',
      ),
      time,
    );
    expect(d.text).toBe('renamed the server from “Chat” to “Our place”; changed sign-up from open to everyone to invite only');
    expect(d.target).toEqual({ label: 'Server settings', href: '/admin/settings' });
  });

  it('names the user whose server role or status changed, and links their profile', () => {
    const d = describeAuditEntry(entry('user.promoted', { from: 'user', to: 'admin', username: 'bo' }), time);
    expect(d.text).toBe('made @bo a server admin');
    expect(d.target).toEqual({ label: '@bo', href: '/users/u2' });
    expect(describeAuditEntry(entry('user.deactivated', { username: 'bo' }), time).text).toBe('deactivated @bo');
  });

  it('gives an invite link its limits', () => {
    const d = describeAuditEntry(
      entry('invite_link.created', { maxUses: 1, expiresAt: '2026-12-06T10:00:00Z' }, 'invite_link', 'l1'),
      time,
    );
    expect(d.text).toBe('created an invite link for 1 use, valid until <2026-12-06T10:00:00Z>');
    expect(describeAuditEntry(entry('invite_link.created', { maxUses: null, expiresAt: null }), time).text).toBe('created an invite link');
    expect(describeAuditEntry(entry('invite_link.revoked', { uses: 2, maxUses: 5 }), time).text).toBe(
      'revoked an invite link (used 2 times)',
    );
  });

  it('says how a report was resolved', () => {
    expect(describeAuditEntry(entry('report.resolved', { action: 'deactivate_user' }, 'report', 'r1'), time).text).toBe(
      'resolved a report by deactivating the user',
    );
  });

  it('points a moderated message at its room', () => {
    const d = describeAuditEntry(entry('message.deleted', { roomId: 'r9', senderId: 'u3', seq: 12 }, 'message', 'm1'), time);
    expect(d.target).toEqual({ label: 'Message #12', href: '/rooms/r9/details' });
  });

  it('still reads an action it does not know as words, without a link', () => {
    const d = describeAuditEntry(entry('room.archived_all', {}, 'room_group', 'x'), time);
    expect(d.text).toBe('room archived all');
    expect(d.target).toEqual({ label: 'room group', href: null });
  });
});
