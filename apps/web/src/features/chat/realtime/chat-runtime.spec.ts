import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Member, Message, MessagePage, Room } from '@chat/contracts';
import { QueryClient } from '@tanstack/react-query';
import { meQueryOptions } from '../../../lib/auth';
import { joinedRoomsQueryOptions, roomMembersQueryOptions } from '../../../lib/room-queries';
import { expectRoomExit } from '../../../lib/room-exits';
import type { ChatSocket } from '../../../lib/socket';
import { roomMessagesQueryKey, roomMessagesQueryOptions } from '../api/get-messages';
import { member, message, room, user } from '../testing/fixtures';
import { flattenPages, type MessagePages } from '../utils/message-pages';
import { ChatRuntime, type Navigate } from './chat-runtime';

type Handler = (...args: unknown[]) => void;

/** Enough of a socket.io client: the test plays the server. */
class FakeSocket {
  connected = true;
  private readonly handlers = new Map<string, Set<Handler>>();
  readonly emitted: Array<{ event: string; payload: unknown; ack: Handler }> = [];

  on(event: string, fn: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: Handler) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  emit(event: string, payload: unknown, ack: Handler) {
    this.emitted.push({ event, payload, ack });
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown, ack: Handler) => this.emit(event, payload, (res: unknown) => ack(null, res)) };
  }
  /** An event from the server. */
  push(event: string, payload: unknown) {
    for (const fn of this.handlers.get(event) ?? []) fn(payload);
  }
  drop() {
    this.connected = false;
    this.push('disconnect', 'transport close');
  }
  reconnect() {
    this.connected = true;
    this.push('connect', undefined);
  }
  sends(event: string) {
    return this.emitted.filter((e) => e.event === event);
  }
}

/** The API behind `fetch`: history pages by cursor, answered at once or when the test says. */
class FakeApi {
  messages: Message[] = [];
  rooms: Room[] = [];
  members: Member[] = [];
  readonly calls: string[] = [];
  private held: Array<() => void> | null = null;

  fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), 'http://test');
    this.calls.push(`${url.pathname}${url.search}`);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (url.pathname === '/api/rooms') return json(this.rooms);
    const members = /^\/api\/rooms\/([^/]+)\/members$/.exec(url.pathname);
    if (members) return json(this.members);
    const history = /^\/api\/rooms\/([^/]+)\/messages$/.exec(url.pathname);
    if (history) return json(this.page(url.searchParams));
    return new Response(JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' }), { status: 404 });
  };

  page(params: URLSearchParams): MessagePage {
    const limit = Number(params.get('limit') ?? 50);
    const after = params.get('after');
    const before = params.get('before');
    if (after !== null) {
      const rest = this.messages.filter((m) => m.seq > Number(after));
      return { messages: rest.slice(0, limit), hasMore: rest.length > limit };
    }
    const older = before === null ? this.messages : this.messages.filter((m) => m.seq < Number(before));
    return { messages: older.slice(-limit), hasMore: older.length > limit };
  }

  /** Requests wait until `release()`. */
  hold() {
    this.held = [];
  }
  release() {
    const waiting = this.held ?? [];
    this.held = null;
    waiting.forEach((r) => r());
  }
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

const ada = user('ada');
const bo = user('bo');
const fromBo = (seq: number, extra: Partial<Message> = {}) => message(seq, { sender: bo, ...extra });

let qc: QueryClient;
let socket: FakeSocket;
let server: FakeApi;
let navigate: jest.Mock<Navigate>;
let notify: jest.Mock<(text: string) => void>;
let runtime: ChatRuntime;
let stop: () => void;
const realFetch = globalThis.fetch;

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function history(roomId = 'r1'): number[] {
  return flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey(roomId))).map((m) => m.seq);
}

async function loadHistory(roomId = 'r1') {
  await qc.fetchInfiniteQuery(roomMessagesQueryOptions(roomId));
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
  server = new FakeApi();
  globalThis.fetch = server.fetch as typeof fetch;
  navigate = jest.fn<Navigate>();
  notify = jest.fn<(text: string) => void>();
  runtime = new ChatRuntime({ socket: socket as unknown as ChatSocket, queryClient: qc, navigate, pageVisible: () => true, notify });
  stop = runtime.start();
});

afterEach(() => {
  stop();
  qc.clear();
  globalThis.fetch = realFetch;
});

describe('live messages', () => {
  it('appends message:new to the history and the room list, once however often it arrives', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    await loadHistory();
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r0'), room('r1', { lastSeq: 2, myReadSeq: 2 })]);

    socket.push('message:new', fromBo(3));
    socket.push('message:new', fromBo(3));
    expect(history()).toEqual([1, 2, 3]);
    const rooms = qc.getQueryData(joinedRoomsQueryOptions().queryKey)!;
    expect(rooms.map((r) => r.id)).toEqual(['r1', 'r0']);
    expect(rooms[0]).toMatchObject({ lastSeq: 3, unreadCount: 1 });
  });

  it('does not count as unread what arrives in the room being read', async () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 2, myReadSeq: 2 })]);
    runtime.setView({ roomId: 'r1', atBottom: true });
    socket.push('message:new', fromBo(3));
    expect(qc.getQueryData(joinedRoomsQueryOptions().queryKey)![0]!.unreadCount).toBe(0);
  });

  it('fetches what it missed when a seq jumps', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    await loadHistory();
    server.messages.push(fromBo(3), fromBo(4), fromBo(5));
    socket.push('message:new', fromBo(5));
    await settle();
    expect(server.calls).toContain('/api/rooms/r1/messages?after=2&limit=100');
    expect(history()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a message that arrives while the history is being fetched', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    server.hold();
    const loading = loadHistory();
    await settle();
    socket.push('message:new', fromBo(3));
    server.release();
    await loading;
    await settle();
    expect(history()).toEqual([1, 2, 3]);
  });

  it('applies edits and deletions to the held messages', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    await loadHistory();
    socket.push('message:updated', fromBo(1, { body: 'edited', editedAt: '2026-11-20T13:00:00.000Z' }));
    socket.push('message:deleted', { roomId: 'r1', id: 'm2', seq: 2 });
    const held = flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey('r1')));
    expect(held.map((m) => [m.body, m.deletedAt !== null])).toEqual([
      ['edited', false],
      ['', true],
    ]);
  });
});

describe('offline and reconnect', () => {
  it('catches up every cached room after a reconnect, page after page, without duplicates', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    await loadHistory();
    socket.drop();
    // 150 messages while away: two catch-up pages.
    for (let s = 3; s <= 152; s++) server.messages.push(fromBo(s));
    socket.reconnect();
    // A live event overlapping the catch-up.
    socket.push('message:new', fromBo(152));
    await settle();
    // The live 152 did not make the catch-up skip 103–151.
    expect(server.calls.filter((c) => c.includes('after=')).slice(0, 2)).toEqual([
      '/api/rooms/r1/messages?after=2&limit=100',
      '/api/rooms/r1/messages?after=102&limit=100',
    ]);
    const seqs = history();
    expect(seqs).toHaveLength(152);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(152);
  });

  it('sends what was written offline when the connection returns, with its clientId, and shows it once', async () => {
    server.messages = [fromBo(1)];
    await loadHistory();
    socket.drop();
    runtime.send('r1', '  written offline  ', null);
    expect(socket.sends('message:send')).toHaveLength(0);
    expect(runtime.outbox.entries()[0]).toMatchObject({ status: 'queued', body: 'written offline' });
    const clientId = runtime.outbox.entries()[0]!.clientId;

    socket.reconnect();
    const sends = socket.sends('message:send');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.payload).toMatchObject({ roomId: 'r1', clientId, body: 'written offline' });

    // The broadcast comes before the ack: still one message.
    const stored = message(2, { id: 'srv-2', clientId, sender: ada, body: 'written offline' });
    socket.push('message:new', stored);
    sends[0]!.ack({ ok: true, message: stored });
    await settle();
    expect(history()).toEqual([1, 2]);
    expect(runtime.outbox.entries()).toEqual([]);
  });

  it('resends a message whose ack was lost with the connection, with the same clientId', async () => {
    runtime.send('r1', 'hello', null);
    const first = socket.sends('message:send')[0]!;
    socket.drop();
    expect(runtime.outbox.entries()[0]!.status).toBe('queued');
    socket.reconnect();
    const again = socket.sends('message:send');
    expect(again).toHaveLength(2);
    expect((again[1]!.payload as { clientId: string }).clientId).toBe((first.payload as { clientId: string }).clientId);
  });
});

describe('rooms, members and read markers', () => {
  it('leaves a room you were removed from, and says so in a toast', async () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { name: 'Plans' }), room('r2')]);
    runtime.setView({ roomId: 'r1', atBottom: true });
    socket.push('room:removed', { roomId: 'r1' });
    expect(qc.getQueryData(joinedRoomsQueryOptions().queryKey)!.map((r) => r.id)).toEqual(['r2']);
    expect(navigate).toHaveBeenCalledWith('/', { replace: true, state: undefined });
    expect(notify).toHaveBeenCalledWith('You were removed from Plans');
  });

  it('tells of a removal from a room that is not on screen too', () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { name: 'Plans' }), room('r2')]);
    runtime.setView({ roomId: 'r2', atBottom: true });
    socket.push('room:removed', { roomId: 'r1' });
    expect(navigate).not.toHaveBeenCalled();
    expect(notify).toHaveBeenCalledWith('You were removed from Plans');
  });

  it('says "deleted" to the tab that deleted the room, and nothing to the one that left it', () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { name: 'Plans' }), room('r2', { name: 'Lunch' })]);
    expectRoomExit('r1', 'deleted');
    expectRoomExit('r2', 'left');
    socket.push('room:removed', { roomId: 'r1' });
    socket.push('room:removed', { roomId: 'r2' });
    expect(notify.mock.calls).toEqual([['Plans was deleted']]);
  });

  it('keeps the home-screen notice when you left in another tab (no toast)', () => {
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { name: 'Plans' })]);
    runtime.setView({ roomId: 'r1', atBottom: true });
    socket.push('room:member-left', { roomId: 'r1', userId: 'ada' });
    expect(navigate).toHaveBeenCalledWith('/', { replace: true, state: { notice: 'You are no longer a member of “Plans”.' } });
    expect(notify).not.toHaveBeenCalled();
  });

  it('updates presence and read markers of members, and the member count', () => {
    const key = roomMembersQueryOptions('r1').queryKey;
    qc.setQueryData<Member[]>(key, [member(ada, 3), member(bo, 1)]);
    qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { memberCount: 2 })]);
    socket.push('presence', { userId: 'bo', online: true, lastSeenAt: null });
    socket.push('room:read', { roomId: 'r1', userId: 'bo', seq: 3 });
    expect(qc.getQueryData(key)![1]).toMatchObject({ lastReadSeq: 3, user: { online: true } });
    socket.push('room:member-joined', { roomId: 'r1', member: member(user('cy')) });
    socket.push('room:member-left', { roomId: 'r1', userId: 'bo' });
    expect(qc.getQueryData(key)!.map((m) => m.user.id)).toEqual(['ada', 'cy']);
    expect(qc.getQueryData(joinedRoomsQueryOptions().queryKey)![0]!.memberCount).toBe(2);
  });

  it('keeps presence and read markers heard while a fetch was on its way (its older answer does not undo them)', async () => {
    const key = roomMembersQueryOptions('r1').queryKey;
    server.members = [member(ada, 3), member(bo, 1)];
    server.hold();
    const loading = qc.fetchQuery(roomMembersQueryOptions('r1'));
    await settle();
    socket.push('presence', { userId: 'bo', online: true, lastSeenAt: null });
    socket.push('room:read', { roomId: 'r1', userId: 'bo', seq: 4 });
    server.release();
    await loading;
    await settle();
    expect(qc.getQueryData(key)![1]).toMatchObject({ lastReadSeq: 4, user: { online: true } });
  });

  it('marks read at once in the list and tells the server, throttled', () => {
    jest.useFakeTimers();
    try {
      qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 5, unreadCount: 3, myReadSeq: 2 })]);
      runtime.markRead('r1', 5);
      expect(qc.getQueryData(joinedRoomsQueryOptions().queryKey)![0]).toMatchObject({ unreadCount: 0, myReadSeq: 5 });
      runtime.markRead('r1', 6);
      runtime.markRead('r1', 7);
      expect(socket.sends('room:read').map((e) => e.payload)).toEqual([{ roomId: 'r1', seq: 5 }]);
      jest.advanceTimersByTime(1_000);
      expect(socket.sends('room:read').map((e) => e.payload)).toEqual([
        { roomId: 'r1', seq: 5 },
        { roomId: 'r1', seq: 7 },
      ]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('tells when your read marker moves forward, here, in another tab or on another device (not back, not others’)', () => {
    const own = new FakeSocket();
    const moved = jest.fn<(roomId: string, seq: number) => void>();
    const watched = new ChatRuntime({ socket: own as unknown as ChatSocket, queryClient: qc, navigate, onReadMoved: moved });
    const stopWatched = watched.start();
    try {
      qc.setQueryData(joinedRoomsQueryOptions().queryKey, [room('r1', { lastSeq: 9, unreadCount: 7, myReadSeq: 2 })]);
      watched.markRead('r1', 5);
      expect(moved.mock.calls).toEqual([['r1', 5]]);
      own.push('room:read', { roomId: 'r1', userId: 'ada', seq: 8 });
      expect(moved.mock.calls).toEqual([
        ['r1', 5],
        ['r1', 8],
      ]);
      own.push('room:read', { roomId: 'r1', userId: 'bo', seq: 9 });
      own.push('room:read', { roomId: 'r1', userId: 'ada', seq: 3 });
      expect(moved).toHaveBeenCalledTimes(2);
    } finally {
      stopWatched();
    }
  });

  it('says "typing" at most every 2 s, and "stopped" only after it said "typing"', () => {
    runtime.setTyping('r1', false);
    runtime.setTyping('r1', true);
    runtime.setTyping('r1', true);
    runtime.setTyping('r1', false);
    expect(socket.sends('typing').map((e) => e.payload)).toEqual([
      { roomId: 'r1', typing: true },
      { roomId: 'r1', typing: false },
    ]);
  });
});

describe('reactions', () => {
  const heldReactions = (roomId = 'r1') =>
    flattenPages(qc.getQueryData<MessagePages>(roomMessagesQueryKey(roomId))).map((m) => [m.id, m.reactions]);

  it('applies reaction:updated to the held message: the count from the event, `me` only for your own change', async () => {
    server.messages = [fromBo(1), fromBo(2)];
    await loadHistory();
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '👍', userId: 'bo', on: true, count: 1 });
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '👍', userId: 'ada', on: true, count: 2 });
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '🎉', userId: 'bo', on: true, count: 1 });
    expect(heldReactions()).toEqual([
      [
        'm1',
        [
          { emoji: '👍', count: 2, me: true },
          { emoji: '🎉', count: 1, me: false },
        ],
      ],
      ['m2', []],
    ]);
    // Someone else takes theirs back: yours stays pressed; the last one gone removes the chip.
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '👍', userId: 'bo', on: false, count: 1 });
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '🎉', userId: 'bo', on: false, count: 0 });
    expect(heldReactions()[0]).toEqual(['m1', [{ emoji: '👍', count: 1, me: true }]]);
  });

  it('keeps your own `me` when a broadcast edit (whose `me` is always false) replaces the message', async () => {
    server.messages = [fromBo(1, { reactions: [{ emoji: '👍', count: 2, me: true }] })];
    await loadHistory();
    socket.push(
      'message:updated',
      fromBo(1, { body: 'edited', editedAt: '2026-11-20T13:00:00.000Z', reactions: [{ emoji: '👍', count: 2, me: false }] }),
    );
    expect(heldReactions()).toEqual([['m1', [{ emoji: '👍', count: 2, me: true }]]]);
  });

  it('shows your click at once, sends reaction:set, and takes it back when the server refuses', async () => {
    server.messages = [fromBo(1, { reactions: [{ emoji: '👍', count: 1, me: false }] })];
    await loadHistory();
    const done = runtime.react({ id: 'm1', roomId: 'r1' }, '👍', true);
    expect(heldReactions()).toEqual([['m1', [{ emoji: '👍', count: 2, me: true }]]]);
    const [sent] = socket.sends('reaction:set');
    expect(sent!.payload).toEqual({ messageId: 'm1', emoji: '👍', on: true });
    sent!.ack({ ok: false, error: { code: 'CONFLICT', message: 'Too many different reactions' } });
    await expect(done).rejects.toThrow('Too many different reactions');
    expect(heldReactions()).toEqual([['m1', [{ emoji: '👍', count: 1, me: false }]]]);
  });

  it('an accepted click and its own reaction:updated count once', async () => {
    server.messages = [fromBo(1)];
    await loadHistory();
    const done = runtime.react({ id: 'm1', roomId: 'r1' }, '🎉', true);
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '🎉', userId: 'ada', on: true, count: 1 });
    socket.sends('reaction:set')[0]!.ack({ ok: true });
    await done;
    expect(heldReactions()).toEqual([['m1', [{ emoji: '🎉', count: 1, me: true }]]]);
  });

  it('keeps a reaction heard while the history was being fetched', async () => {
    server.messages = [fromBo(1)];
    await loadHistory();
    server.hold();
    const refetch = qc.refetchQueries({ queryKey: roomMessagesQueryKey('r1') });
    await settle();
    socket.push('reaction:updated', { roomId: 'r1', messageId: 'm1', emoji: '👍', userId: 'bo', on: true, count: 1 });
    server.release();
    await refetch;
    await settle();
    expect(heldReactions()).toEqual([['m1', [{ emoji: '👍', count: 1, me: false }]]]);
  });
});
