import { describe, expect, it } from '@jest/globals';
import { member, message, room, user } from '../testing/fixtures';
import {
  applyDeletedMessage,
  applyMemberRead,
  applyMyRead,
  applyMyUnread,
  applyNewMessage,
  applyRoomUpdate,
  mergeRoomUpdate,
  removeMember,
} from './rooms-list';

const bo = user('bo');
const fromBo = (seq: number, roomId = 'r2') => message(seq, { roomId, sender: bo, id: `${roomId}-${seq}` });

describe('applyNewMessage', () => {
  const list = [room('r1', { lastSeq: 3 }), room('r2', { lastSeq: 5, myReadSeq: 5 }), room('r3')];

  it('moves the room to the top with the message as its preview and one more unread', () => {
    const next = applyNewMessage(list, fromBo(6), { meId: 'ada', readingNow: false })!;
    expect(next.map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
    expect(next[0]).toMatchObject({ lastSeq: 6, unreadCount: 1, lastMessage: { id: 'r2-6' } });
  });

  it('does not count your own messages nor a room being read on screen', () => {
    const mine = message(6, { roomId: 'r2', id: 'mine' });
    expect(applyNewMessage(list, mine, { meId: 'ada', readingNow: false })![0]!.unreadCount).toBe(0);
    expect(applyNewMessage(list, fromBo(6), { meId: 'ada', readingNow: true })![0]!.unreadCount).toBe(0);
  });

  it('counts a message once when it arrives twice (ack and broadcast, live and catch-up)', () => {
    const once = applyNewMessage(list, fromBo(6), { meId: 'ada', readingNow: false })!;
    const twice = applyNewMessage(once, fromBo(6), { meId: 'ada', readingNow: false })!;
    expect(twice[0]!.unreadCount).toBe(1);
    expect(twice.map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
  });

  it('counts an unread message that names me, @room or @here as a mention too (the @ badge)', () => {
    const naming = (seq: number, mentions: { userIds: string[]; room: boolean; here: boolean }) => ({ ...fromBo(seq), mentions });
    const once = applyNewMessage(list, naming(6, { userIds: ['ada'], room: false, here: false }), { meId: 'ada', readingNow: false })!;
    expect(once[0]).toMatchObject({ unreadCount: 1, mentionCount: 1 });
    const other = applyNewMessage(once, naming(7, { userIds: ['cy'], room: false, here: false }), { meId: 'ada', readingNow: false })!;
    expect(other[0]).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    const all = applyNewMessage(other, naming(8, { userIds: [], room: true, here: false }), { meId: 'ada', readingNow: false })!;
    expect(all[0]).toMatchObject({ unreadCount: 3, mentionCount: 2 });
    // Read as it arrives: no mention to catch up on.
    const read = applyNewMessage(list, naming(6, { userIds: ['ada'], room: false, here: false }), { meId: 'ada', readingNow: true })!;
    expect(read[0]).toMatchObject({ mentionCount: 0 });
    // Reading to the end clears both.
    expect(applyMyRead(all, 'r2', 8)![0]).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it('asks for the list again for a room it does not have (a DM someone just opened)', () => {
    expect(applyNewMessage(list, fromBo(1, 'new-room'), { meId: 'ada', readingNow: false })).toBeNull();
  });
});

describe('read markers', () => {
  const list = [room('r1', { lastSeq: 9, myReadSeq: 4, unreadCount: 5 })];

  it('clears the unread count when your marker reaches the last message', () => {
    expect(applyMyRead(list, 'r1', 9)![0]).toMatchObject({ myReadSeq: 9, unreadCount: 0 });
  });

  it('asks for the exact count when the marker stops short of the end', () => {
    expect(applyMyRead(list, 'r1', 6)).toBeNull();
  });

  it('moves your marker back when marked unread, with the count when it is known', () => {
    const read = [room('r1', { lastSeq: 9, myReadSeq: 9, unreadCount: 0 })];
    expect(applyMyUnread(read, 'r1', 6, 3)[0]).toMatchObject({ myReadSeq: 6, unreadCount: 3 });
    expect(applyMyUnread(list, 'r1', 2, null)[0]).toMatchObject({ myReadSeq: 2, unreadCount: 5 });
    expect(applyMyUnread(list, 'r9', 2, 1)).toBe(list);
  });

  it("moves a member's marker forward only", () => {
    const members = [member(user('ada'), 3), member(bo, 5)];
    expect(applyMemberRead(members, 'bo', 7)[1]!.lastReadSeq).toBe(7);
    expect(applyMemberRead(members, 'bo', 4)).toBe(members);
    expect(removeMember(members, 'bo').map((m) => m.user.id)).toEqual(['ada']);
  });
});

describe('room updates', () => {
  it('keeps your own role, marker and unread count from a broadcast that carries none', () => {
    const current = room('r1', { myRole: 'owner', myReadSeq: 4, unreadCount: 2, lastSeq: 6, name: 'Old' });
    const broadcast = room('r1', { myRole: null, myReadSeq: 0, unreadCount: 0, lastSeq: 6, name: 'New' });
    expect(mergeRoomUpdate(current, broadcast)).toMatchObject({ name: 'New', myRole: 'owner', myReadSeq: 4, unreadCount: 2 });
    // …and your notification level, mute and unread mentions (the broadcast carries the defaults).
    const muted = { ...current, notify: { level: 'none' as const, mutedUntil: '2030-01-01T00:00:00.000Z' }, mentionCount: 3 };
    expect(mergeRoomUpdate(muted, broadcast)).toMatchObject({ notify: muted.notify, mentionCount: 3 });
    expect(applyRoomUpdate([current], room('other'))).toBeNull();
  });

  it('turns the preview into a tombstone when the last message is deleted', () => {
    const last = fromBo(3, 'r1');
    const list = [room('r1', { lastSeq: 3, lastMessage: last })];
    expect(applyDeletedMessage(list, { roomId: 'r1', id: last.id }, 'now')[0]!.lastMessage).toMatchObject({ body: '', deletedAt: 'now' });
    expect(applyDeletedMessage(list, { roomId: 'r1', id: 'older' }, 'now')).toBe(list);
  });
});
