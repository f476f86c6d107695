import { describe, expect, it } from '@jest/globals';
import type { Message, Report, Room, RoomRole, User } from '@chat/contracts';
import { confirmText, reportActions, reportedUser } from './report-actions';

const user = (id: string, displayName = id): User => ({
  id,
  username: id,
  displayName,
  bio: '',
  birthdate: null,
  avatarUrl: null,
  coverUrl: null,
  online: false,
  lastSeenAt: null,
  friendship: 'none',
  createdAt: '2026-01-01T00:00:00Z',
});

const room = (myRole: RoomRole | null) => ({ id: 'r1', name: 'Reading room', myRole }) as Room;
const message = (deletedAt: string | null = null) => ({ id: 'm1', sender: user('mallory', 'Mallory'), deletedAt }) as Message;

function messageReport(myRole: RoomRole | null, deleted = false): Report {
  return {
    id: 'rep1',
    reporter: user('ada'),
    message: message(deleted ? '2026-12-05T00:00:00Z' : null),
    user: null,
    room: room(myRole),
    reason: 'spam',
    comment: '',
    status: 'open',
    resolution: null,
    createdAt: '2026-12-05T00:00:00Z',
  };
}

const userReport: Report = { ...messageReport(null), message: null, room: null, user: user('eve', 'Eve') };

describe('reportActions', () => {
  it('gives a room owner every action on a message of their room but deactivating', () => {
    expect(reportActions(messageReport('owner'), { serverAdmin: false })).toEqual(['dismiss', 'delete_message', 'ban_from_room']);
  });

  it('gives a server admin outside the room delete and deactivate, but no room ban', () => {
    expect(reportActions(messageReport(null), { serverAdmin: true })).toEqual(['dismiss', 'delete_message', 'deactivate_user']);
  });

  it('does not offer deleting a message that is already deleted', () => {
    expect(reportActions(messageReport('admin', true), { serverAdmin: false })).toEqual(['dismiss', 'ban_from_room']);
  });

  it('offers only dismiss and deactivate on a report about a person', () => {
    expect(reportActions(userReport, { serverAdmin: true })).toEqual(['dismiss', 'deactivate_user']);
    expect(reportActions(userReport, { serverAdmin: false })).toEqual(['dismiss']);
  });

  it('offers nothing on a resolved report', () => {
    expect(reportActions({ ...messageReport('owner'), status: 'resolved' }, { serverAdmin: true })).toEqual([]);
  });

  it('gives a plain member of the room nothing beyond dismiss', () => {
    expect(reportActions(messageReport('member'), { serverAdmin: false })).toEqual(['dismiss']);
  });
});

describe('reportedUser', () => {
  it('is the sender of a reported message, or the reported person', () => {
    expect(reportedUser(messageReport('owner'))?.id).toBe('mallory');
    expect(reportedUser(userReport)?.id).toBe('eve');
  });
});

describe('confirmText', () => {
  it('names the person and the room of a ban', () => {
    expect(confirmText('ban_from_room', messageReport('owner')).title).toBe('Ban Mallory from Reading room?');
  });
});
