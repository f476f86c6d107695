import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import type { MessageSendPayload } from '@chat/contracts';
import { offlineStorage } from '../../../lib/offline-store';
import { message } from '../testing/fixtures';
import { DraftStore, outboxKey, persistOutbox } from './offline-persistence';
import { Outbox, type OutboxEntry, type SendOutcome } from './outbox';
import { memoryStorage } from '../../../lib/testing/memory-storage';

function outboxWith(state = { connected: false }) {
  const sent: Array<{ payload: MessageSendPayload; done: (o: SendOutcome) => void }> = [];
  const outbox = new Outbox({
    transport: { connected: () => state.connected, send: (payload, done) => sent.push({ payload, done }), online: () => false },
    onDelivered: () => undefined,
    schedule: () => undefined,
  });
  return { outbox, sent, state };
}

const entry = (clientId: string, status: OutboxEntry['status'] = 'queued'): OutboxEntry => ({
  clientId,
  roomId: 'r1',
  body: `body ${clientId}`,
  replyToId: null,
  attachments: [],
  createdAt: '2026-12-05T20:00:00.000Z',
  status,
  error: status === 'failed' ? 'Something went wrong on the server.' : null,
});

describe('the outbox survives a reload', () => {
  it('writes every change of the outbox, and nothing once it is empty', async () => {
    const storage = memoryStorage();
    const t = outboxWith();
    await persistOutbox(t.outbox, 'ada', storage);
    t.outbox.add({ clientId: 'a', roomId: 'r1', body: 'typed offline', replyToId: null, attachments: [], createdAt: '' });
    expect(storage.data.get(outboxKey('ada'))).toEqual([
      expect.objectContaining({ clientId: 'a', body: 'typed offline', status: 'queued' }),
    ]);
    t.outbox.discard('a');
    expect(storage.data.has(outboxKey('ada'))).toBe(false);
  });

  it('a new page puts back what the last one left, first, and sends it with its original clientIds once connected', async () => {
    // The old page: "a" was on its way (no ack before the reload), "b" waited, "c" had been refused.
    const storage = memoryStorage({ [outboxKey('ada')]: [entry('a', 'sending'), entry('b'), entry('c', 'failed')] });
    const t = outboxWith();
    // Written on the new page before the stored outbox was read.
    t.outbox.add({ clientId: 'd', roomId: 'r1', body: 'new', replyToId: null, attachments: [], createdAt: '' });
    await persistOutbox(t.outbox, 'ada', storage);
    expect(t.outbox.entries().map((e) => `${e.clientId}:${e.status}`)).toEqual(['a:queued', 'b:queued', 'c:failed', 'd:queued']);

    t.state.connected = true;
    t.outbox.connected();
    t.sent[0]!.done({ ok: true, message: message(1, { clientId: 'a' }) });
    t.sent[1]!.done({ ok: true, message: message(2, { clientId: 'b' }) });
    t.sent[2]!.done({ ok: true, message: message(3, { clientId: 'd' }) });
    expect(t.sent.map((s) => s.payload.clientId)).toEqual(['a', 'b', 'd']);
    expect(t.sent[0]!.payload).toEqual({ roomId: 'r1', clientId: 'a', body: 'body a' });
    // Only the refused one stays, on the device too.
    expect((storage.data.get(outboxKey('ada')) as OutboxEntry[]).map((e) => e.clientId)).toEqual(['c']);
  });

  it('ignores what is not an outbox entry, and another user’s outbox', async () => {
    const storage = memoryStorage({ [outboxKey('ada')]: [{ clientId: 1 }, entry('a'), 'x'], [outboxKey('bo')]: [entry('b')] });
    const t = outboxWith();
    await persistOutbox(t.outbox, 'ada', storage);
    expect(t.outbox.entries().map((e) => e.clientId)).toEqual(['a']);
  });

  it('round-trips through IndexedDB (idb-keyval)', async () => {
    const first = outboxWith();
    const stop = await persistOutbox(first.outbox, 'cy', offlineStorage);
    first.outbox.add({ clientId: 'x', roomId: 'r9', body: 'kept', replyToId: null, attachments: [], createdAt: '' });
    stop();
    // Let the write's transaction finish, as a reload would find it.
    await offlineStorage.read(outboxKey('cy'));
    const second = outboxWith();
    await persistOutbox(second.outbox, 'cy', offlineStorage);
    expect(second.outbox.entries()).toEqual([expect.objectContaining({ clientId: 'x', roomId: 'r9', body: 'kept', status: 'queued' })]);
  });
});

describe('drafts survive a reload', () => {
  it('loads the stored drafts, keeps one typed meanwhile, and writes changes', async () => {
    const storage = memoryStorage({ 'drafts:ada': { r1: 'half a sentence', r2: 'stored' } });
    const drafts = new DraftStore();
    drafts.set('r2', 'typed before the load');
    let loaded = 0;
    drafts.subscribe(() => loaded++);
    await drafts.load('ada', storage);
    expect(loaded).toBe(1);
    expect(drafts.get('r1')).toBe('half a sentence');
    expect(drafts.get('r2')).toBe('typed before the load');
    drafts.set('r1', '');
    drafts.set('r3', 'new');
    await drafts.flush();
    expect(storage.data.get('drafts:ada')).toEqual({ r2: 'typed before the load', r3: 'new' });
  });

  it('after a reset (logged out) nothing is written and nothing is kept in memory', async () => {
    const storage = memoryStorage();
    const drafts = new DraftStore();
    await drafts.load('ada', storage);
    drafts.set('r1', 'secret');
    drafts.reset();
    await drafts.flush();
    expect(drafts.get('r1')).toBe('');
    expect(storage.data.size).toBe(0);
  });
});
