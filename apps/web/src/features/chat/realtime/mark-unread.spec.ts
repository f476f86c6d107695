import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Message, MessagePage } from '@chat/contracts';
import { QueryClient } from '@tanstack/react-query';
import { meQueryOptions } from '../../../lib/auth';
import { joinedRoomsQueryOptions, roomMembersQueryOptions, roomQueryOptions } from '../../../lib/room-queries';
import type { ChatSocket } from '../../../lib/socket';
import { roomMessagesQueryKey } from '../api/get-messages';
import { pinsQueryOptions } from '../api/pins';
import { member, message, room, user } from '../testing/fixtures';
import { flattenPages, type MessagePages } from '../utils/message-pages';
import { ChatRuntime } from './chat-runtime';

type Handler = (...args: unknown[]) => void;

/** Enough of a socket.io client: the test plays the server. */
class FakeSocket {
  connected = true;
  private readonly handlers = new Map<string, Set<Handler>>();
  readonly emitted: Array<{ event: string; payload: unknown }> = [];

  on(event: string, fn: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: Handler) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  emit(event: string, payload: unknown) {
    this.emitted.push({ event, payload });
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown) => this.emit(event, payload) };
  }
  push(event: string, payload: unknown) {
    for (const fn of this.handlers.get(event) ?? []) fn(payload);
  }
  reads() {
    return this.emitted.filter((e) => e.event === 'room:read').map((e) => (e.payload as { seq: number }).seq);
  }
}

const ada = user('ada');
const bo = user('bo');
const fromBo = (seq: number, extra: Partial<Message> = {}) => message(seq, { sender: bo, ...extra });

let qc: QueryClient;
let socket: FakeSocket;
let postUnread: jest.Mock<(roomId: string, seq: number) => Promise<void>>;
let runtime: ChatRuntime;
let stop: () => void;

function joined() {
  return qc.getQueryData(joinedRoomsQueryOptions().queryKey)!.find((r) => r.id === 'r1')!;
}

/** Bo's messages 1–5 held, all read (marker 5). */
function seed(): void {
  const page: MessagePage = { messages: [1, 2, 3, 4, 5].map((s) => fromBo(s)), hasMore: false };
  qc.setQueryData<MessagePages>(roomMessagesQueryKey('r1'), { pages: [page], pageParams: [undefined] });
  qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 5, myReadSeq: 5, unreadCount: 0 })]);
  qc.setQueryData(roomQueryOptions('r1').queryKey, room('r1', { lastSeq: 5, myReadSeq: 5, unreadCount: 0 }));
}

beforeEach(() => {
  qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(meQueryOptions().queryKey, {
    ...ada,
    email: 'a@x',
    dmPolicy: 'friends',
    serverRole: 'user',
    dndUntil: null,
    emailNotifications: 'missed',
    birthdateVisibility: 'friends',
    pushPreview: true,
  });
  socket = new FakeSocket();
  postUnread = jest.fn<(roomId: string, seq: number) => Promise<void>>(() => Promise.resolve());
  runtime = new ChatRuntime({
    socket: socket as unknown as ChatSocket,
    queryClient: qc,
    navigate: () => undefined,
    pageVisible: () => true,
    postUnread,
  });
  stop = runtime.start();
  seed();
});

afterEach(() => {
  stop();
  qc.clear();
});

describe('mark as unread', () => {
  it('moves the marker back at once: unread count, badge and a paused conversation', async () => {
    runtime.setView({ roomId: 'r1', atBottom: true });
    await runtime.markUnread('r1', 3);
    expect(postUnread).toHaveBeenCalledWith('r1', 3);
    expect(joined()).toMatchObject({ myReadSeq: 2, unreadCount: 3 });
    expect(qc.getQueryData(roomQueryOptions('r1').queryKey)).toMatchObject({ myReadSeq: 2, unreadCount: 3 });
    expect(runtime.readPause('r1')).toEqual({ marker: 2 });

    // Still on screen at the end: it is not marked read again, and what arrives counts as unread.
    runtime.markRead('r1', 5);
    socket.push('message:new', fromBo(6));
    expect(socket.reads()).toEqual([]);
    expect(joined()).toMatchObject({ myReadSeq: 2, unreadCount: 4 });
  });

  it('reads again once you send a message there, or leave the conversation', async () => {
    runtime.setView({ roomId: 'r1', atBottom: true });
    await runtime.markUnread('r1', 3);
    runtime.send('r1', 'back to it', null);
    expect(runtime.readPause('r1')).toBeUndefined();
    runtime.markRead('r1', 5);
    expect(socket.reads()).toEqual([5]);

    await runtime.markUnread('r1', 4);
    expect(runtime.readPause('r1')).toEqual({ marker: 3 });
    runtime.setView({ roomId: null, atBottom: true });
    expect(runtime.readPause('r1')).toBeUndefined();
  });

  it('marks nothing read while the request is on its way, and drops a read that waited to be sent', async () => {
    jest.useFakeTimers();
    try {
      runtime.setView({ roomId: 'r1', atBottom: true });
      qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 5, myReadSeq: 3, unreadCount: 2 })]);
      runtime.markRead('r1', 4);
      runtime.markRead('r1', 5); // throttled: waits for the timer
      let answer!: () => void;
      postUnread.mockImplementation(() => new Promise<void>((resolve) => (answer = resolve)));
      const marking = runtime.markUnread('r1', 2);
      jest.advanceTimersByTime(1_000);
      runtime.markRead('r1', 5);
      expect(socket.reads()).toEqual([4]);
      answer();
      await marking;
      expect(joined()).toMatchObject({ myReadSeq: 1, unreadCount: 4 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps reading when the server refuses, and says why', async () => {
    runtime.setView({ roomId: 'r1', atBottom: true });
    postUnread.mockRejectedValueOnce(new Error('nope'));
    await expect(runtime.markUnread('r1', 3)).rejects.toThrow('nope');
    expect(runtime.readPause('r1')).toBeUndefined();
    expect(joined()).toMatchObject({ myReadSeq: 5, unreadCount: 0 });
  });

  it('never moves the marker forward: a message already unread stays so', async () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 5, myReadSeq: 1, unreadCount: 4 })]);
    await runtime.markUnread('r1', 4);
    expect(joined()).toMatchObject({ myReadSeq: 1, unreadCount: 4 });
  });
});

describe('mark as unread on another device', () => {
  it('follows a marker of yours announced lower than before', () => {
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 3 });
    expect(joined()).toMatchObject({ myReadSeq: 3, unreadCount: 2 });
    // Not on screen here: nothing to pause.
    expect(runtime.readPause('r1')).toBeUndefined();
  });

  it('pauses the conversation on screen here too, so it is not read again at once', () => {
    runtime.setView({ roomId: 'r1', atBottom: true });
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 3 });
    expect(runtime.readPause('r1')).toEqual({ marker: 3 });
    runtime.markRead('r1', 5);
    expect(socket.reads()).toEqual([]);
  });

  it('does not take the late echo of its own earlier read for a move back', () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 8, myReadSeq: 5, unreadCount: 3 })]);
    runtime.setView({ roomId: 'r1', atBottom: true });
    runtime.markRead('r1', 6);
    runtime.markRead('r1', 8); // ahead of the server for now
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 6 });
    expect(runtime.readPause('r1')).toBeUndefined();
    expect(joined()).toMatchObject({ myReadSeq: 8, unreadCount: 0 });
    // Then a real move back, below what the server announced.
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 4 });
    expect(runtime.readPause('r1')).toEqual({ marker: 4 });
  });

  it('asks the server for the count when the history held does not reach back', () => {
    const invalidate = jest.spyOn(qc, 'invalidateQueries');
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 0 });
    expect(joined().myReadSeq).toBe(0);
    expect(flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey('r1')))[0]!.seq).toBe(1);
    // 1–5 are held: counted here.
    expect(joined().unreadCount).toBe(5);
    qc.setQueryData<MessagePages>(roomMessagesQueryKey('r1'), {
      pages: [{ messages: [fromBo(4), fromBo(5)], hasMore: true }],
      pageParams: [undefined],
    });
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 5, myReadSeq: 5, unreadCount: 0 })]);
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 5 });
    socket.push('room:read', { roomId: 'r1', userId: 'ada', seq: 1 });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: joinedRoomsQueryOptions().queryKey });
  });
});

describe('pins live', () => {
  it('puts a pin from message:updated into the history and the room’s pins, newest pin first, and takes an unpin out', () => {
    qc.setQueryData(pinsQueryOptions('r1').queryKey, [fromBo(1, { pinnedAt: '2026-11-20T12:00:00.000Z' })]);
    socket.push('message:updated', fromBo(4, { pinnedAt: '2026-11-20T13:00:00.000Z' }));
    expect(qc.getQueryData(pinsQueryOptions('r1').queryKey)!.map((m) => m.seq)).toEqual([4, 1]);
    const held = flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey('r1')));
    expect(held.find((m) => m.seq === 4)!.pinnedAt).toBe('2026-11-20T13:00:00.000Z');

    socket.push('message:updated', fromBo(1, { pinnedAt: null }));
    socket.push('message:deleted', { roomId: 'r1', id: 'm4', seq: 4 });
    expect(qc.getQueryData(pinsQueryOptions('r1').queryKey)).toEqual([]);
  });
});

describe('read receipts', () => {
  it('follow another member who marked the room unread', () => {
    const key = roomMembersQueryOptions('r1').queryKey;
    qc.setQueryData(key, [member(ada, 5), member(bo, 5)]);
    socket.push('room:read', { roomId: 'r1', userId: 'bo', seq: 2 });
    expect(qc.getQueryData(key)![1]!.lastReadSeq).toBe(2);
    socket.push('room:read', { roomId: 'r1', userId: 'bo', seq: 4 });
    expect(qc.getQueryData(key)![1]!.lastReadSeq).toBe(4);
  });
});
