import { describe, expect, it } from '@jest/globals';
import type { Message, MessageSendPayload } from '@chat/contracts';
import { fileMeta, message } from '../testing/fixtures';
import { Outbox, type SendOutcome } from './outbox';

/** A transport whose sends wait until the test answers them. */
function setup() {
  const sent: Array<{ payload: MessageSendPayload; done: (o: SendOutcome) => void }> = [];
  const delivered: Message[] = [];
  const scheduled: Array<() => void> = [];
  const rest: Array<{ payload: MessageSendPayload; done: (o: SendOutcome) => void }> = [];
  const waits: number[] = [];
  const state = { connected: true, online: true };
  const outbox = new Outbox({
    transport: {
      connected: () => state.connected,
      send: (payload, done) => sent.push({ payload, done }),
      sendRest: (payload, done) => rest.push({ payload, done }),
      online: () => state.online,
    },
    onDelivered: (m) => delivered.push(m),
    schedule: (fn, ms) => {
      scheduled.push(fn);
      waits.push(ms);
    },
  });
  const add = (clientId: string) =>
    outbox.add({ clientId, roomId: 'r1', body: `body ${clientId}`, replyToId: null, attachments: [], createdAt: '' });
  const statuses = () => outbox.entries().map((e) => `${e.clientId}:${e.status}`);
  return { outbox, sent, rest, waits, delivered, scheduled, state, add, statuses };
}

const ok = (clientId: string): SendOutcome => ({ ok: true, message: message(1, { clientId }) });

describe('Outbox', () => {
  it('sends one message at a time, in the order written', () => {
    const t = setup();
    t.add('a');
    t.add('b');
    expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a']);
    expect(t.statuses()).toEqual(['a:sending', 'b:queued']);
    t.sent[0]!.done(ok('a'));
    expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a', 'b']);
    t.sent[1]!.done(ok('b'));
    expect(t.statuses()).toEqual([]);
    expect(t.delivered.map((m) => m.clientId)).toEqual(['a', 'b']);
  });

  it('holds messages while offline and sends them, same clientId, when connected again', () => {
    const t = setup();
    t.state.connected = false;
    t.state.online = false;
    t.add('a');
    expect(t.sent).toHaveLength(0);
    expect(t.statuses()).toEqual(['a:queued']);
    t.state.connected = true;
    t.outbox.flush();
    expect(t.sent[0]!.payload).toEqual({ roomId: 'r1', clientId: 'a', body: 'body a' });
  });

  it('puts a message lost mid-send back in the queue and resends it with the same clientId', () => {
    const t = setup();
    t.add('a');
    t.state.connected = false;
    t.state.online = false;
    t.outbox.connectionLost();
    expect(t.statuses()).toEqual(['a:queued']);
    // The old attempt's failure arrives late: it must not mark the message failed.
    t.sent[0]!.done({ ok: false, code: 'DISCONNECTED', message: 'gone' });
    expect(t.statuses()).toEqual(['a:queued']);
    t.state.connected = true;
    t.outbox.flush();
    expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a', 'a']);
    t.sent[1]!.done(ok('a'));
    expect(t.statuses()).toEqual([]);
  });

  it('takes a late success of an earlier attempt as delivered', () => {
    const t = setup();
    t.add('a');
    t.outbox.connectionLost();
    t.sent[0]!.done(ok('a'));
    expect(t.statuses()).toEqual([]);
    expect(t.delivered).toHaveLength(1);
  });

  it('marks a refused message failed with the reason, and retries it with the same clientId', () => {
    const t = setup();
    t.add('a');
    t.add('b');
    t.sent[0]!.done({ ok: false, code: 'FORBIDDEN', message: 'You can message this person once you are friends' });
    expect(t.outbox.entries()[0]).toMatchObject({ status: 'failed', error: 'You can message this person once you are friends' });
    // The queue goes on past it.
    expect(t.sent[1]!.payload.clientId).toBe('b');
    t.sent[1]!.done(ok('b'));
    t.outbox.retry('a');
    expect(t.sent[2]!.payload.clientId).toBe('a');
  });

  it('waits and tries again after RATE_LIMITED', () => {
    const t = setup();
    t.add('a');
    t.sent[0]!.done({ ok: false, code: 'RATE_LIMITED', message: 'slow down' });
    expect(t.statuses()).toEqual(['a:queued']);
    expect(t.sent).toHaveLength(1);
    t.scheduled[0]!();
    expect(t.sent).toHaveLength(2);
  });

  it('forgets discarded messages and those of a room you left', () => {
    const t = setup();
    t.state.connected = false;
    t.state.online = false;
    t.add('a');
    t.outbox.add({ clientId: 'b', roomId: 'r2', body: 'x', replyToId: null, attachments: [], createdAt: '' });
    t.outbox.discard('a');
    t.outbox.dropRoom('r2');
    expect(t.statuses()).toEqual([]);
  });

  it('sends the reply target when there is one', () => {
    const t = setup();
    t.outbox.add({ clientId: 'a', roomId: 'r1', body: 'yes', replyToId: 'm1', attachments: [], createdAt: '' });
    expect(t.sent[0]!.payload.replyToId).toBe('m1');
  });

  it('sends the uploaded files as attachmentIds, and the same ones with the same clientId on a retry', () => {
    const t = setup();
    const files = [fileMeta('f1'), fileMeta('f2')];
    t.outbox.add({ clientId: 'a', roomId: 'r1', body: '', replyToId: null, attachments: files, createdAt: '' });
    expect(t.sent[0]!.payload).toEqual({ roomId: 'r1', clientId: 'a', body: '', attachmentIds: ['f1', 'f2'] });
    t.sent[0]!.done({ ok: false, code: 'VALIDATION_FAILED', message: 'no' });
    t.outbox.retry('a');
    expect(t.sent[1]!.payload).toEqual({ roomId: 'r1', clientId: 'a', body: '', attachmentIds: ['f1', 'f2'] });
  });

  it('sends no attachmentIds field for a message without files', () => {
    const t = setup();
    t.add('a');
    expect(t.sent[0]!.payload).not.toHaveProperty('attachmentIds');
  });

  it('keeps a message queued on UNAVAILABLE and sends it again, same clientId, after the Retry-After', () => {
    const t = setup();
    t.add('a');
    t.sent[0]!.done({ ok: false, code: 'UNAVAILABLE', message: 'busy', retryAfterSeconds: 2 });
    expect(t.statuses()).toEqual(['a:queued']);
    expect(t.waits).toEqual([2000]);
    t.scheduled[0]!();
    expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a', 'a']);
    t.sent[1]!.done(ok('a'));
    expect(t.statuses()).toEqual([]);
  });

  describe('while the socket is down but the browser is online', () => {
    it('sends over REST, with the same payload the socket would carry', () => {
      const t = setup();
      t.state.connected = false;
      t.outbox.add({ clientId: 'a', roomId: 'r1', body: 'hi', replyToId: 'm1', attachments: [fileMeta('f1')], createdAt: '' });
      expect(t.sent).toHaveLength(0);
      expect(t.rest[0]!.payload).toEqual({ roomId: 'r1', clientId: 'a', body: 'hi', replyToId: 'm1', attachmentIds: ['f1'] });
      expect(t.statuses()).toEqual(['a:sending']);
      t.rest[0]!.done(ok('a'));
      expect(t.statuses()).toEqual([]);
      expect(t.delivered).toHaveLength(1);
    });

    it('marks a message failed when REST answers 500, and never counts it as sent', () => {
      const t = setup();
      t.state.connected = false;
      t.add('a');
      t.rest[0]!.done({ ok: false, code: 'INTERNAL', message: 'Internal server error' });
      expect(t.outbox.entries()[0]).toMatchObject({ status: 'failed', error: 'Something went wrong on the server.' });
      expect(t.delivered).toHaveLength(0);
      t.outbox.retry('a');
      expect(t.rest.map((r) => r.payload.clientId)).toEqual(['a', 'a']);
    });

    it('keeps it queued on a 503 UNAVAILABLE and sends it again with the same clientId', () => {
      const t = setup();
      t.state.connected = false;
      t.add('a');
      t.rest[0]!.done({ ok: false, code: 'UNAVAILABLE', message: 'busy', retryAfterSeconds: 1 });
      expect(t.statuses()).toEqual(['a:queued']);
      expect(t.waits).toEqual([1000]);
      t.scheduled[0]!();
      expect(t.rest.map((r) => r.payload.clientId)).toEqual(['a', 'a']);
    });

    it('waits after a network error until the timer or the socket, instead of trying again at once', () => {
      const t = setup();
      t.state.connected = false;
      t.add('a');
      t.rest[0]!.done({ ok: false, code: 'NETWORK_ERROR', message: 'unreachable' });
      expect(t.statuses()).toEqual(['a:queued']);
      t.outbox.flush();
      expect(t.rest).toHaveLength(1);
      t.state.connected = true;
      t.outbox.connected();
      expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a']);
    });

    it('lets a REST send finish when the socket drops meanwhile (no second send)', () => {
      const t = setup();
      t.state.connected = false;
      t.add('a');
      t.outbox.connectionLost();
      expect(t.statuses()).toEqual(['a:sending']);
      t.rest[0]!.done(ok('a'));
      expect(t.statuses()).toEqual([]);
      expect(t.sent).toHaveLength(0);
    });
  });
});
