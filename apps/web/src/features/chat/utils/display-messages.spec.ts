import { describe, expect, it } from '@jest/globals';
import type { OutboxEntry } from '../realtime/outbox';
import { message, user } from '../testing/fixtures';
import { withOutbox } from './display-messages';

const me = user('ada');
const entry = (clientId: string, status: OutboxEntry['status'] = 'queued'): OutboxEntry => ({
  clientId,
  roomId: 'r1',
  body: `pending ${clientId}`,
  replyToId: null,
  attachments: [],
  createdAt: '2026-11-20T12:00:00.000Z',
  status,
  error: null,
});

describe('withOutbox', () => {
  it('shows messages on their way after the sent ones, in the order written', () => {
    const rows = withOutbox([message(1), message(2)], [entry('x'), entry('y', 'failed')], me);
    expect(rows.map((r) => `${r.status}:${r.clientId}`)).toEqual(['sent:c1', 'sent:c2', 'queued:x', 'failed:y']);
  });

  it('shows a message once when the server already has it (matched by your clientId)', () => {
    const rows = withOutbox([message(1, { clientId: 'x' })], [entry('x', 'sending')], me);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('sent');
  });

  it('keeps the row object of an unchanged message between renders', () => {
    const list = [message(1)];
    expect(withOutbox(list, [], me)[0]).toBe(withOutbox(list, [entry('z')], me)[0]);
  });
});
