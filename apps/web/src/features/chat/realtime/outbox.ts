import type { ErrorCode, FileMeta, Message, MessageSendPayload } from '@chat/contracts';

/** A message written here and not yet acknowledged by the server. */
export interface OutboxEntry {
  clientId: string;
  roomId: string;
  body: string;
  replyToId: string | null;
  /** Files already uploaded, sent as `attachmentIds` (and shown on the pending message). */
  attachments: readonly FileMeta[];
  createdAt: string;
  /** queued: waits for the connection or its turn; sending: emitted, no ack yet; failed: refused, waits for "retry". */
  status: 'queued' | 'sending' | 'failed';
  error: string | null;
}

export type SendOutcome = { ok: true; message: Message } | { ok: false; code: ErrorCode | 'TIMEOUT' | 'DISCONNECTED'; message: string };

export interface OutboxTransport {
  connected(): boolean;
  send(payload: MessageSendPayload, done: (outcome: SendOutcome) => void): void;
}

export interface OutboxOptions {
  transport: OutboxTransport;
  /** The server stored it (first time or an idempotent repeat): put it in the history. */
  onDelivered(message: Message): void;
  /** Waits before sending again after RATE_LIMITED. */
  schedule?: (fn: () => void, ms: number) => void;
}

const RATE_LIMIT_WAIT_MS = 1_500;

/**
 * The messages on their way, in the order they were written, sent one at a time over the socket with their
 * `clientId`. While disconnected they wait; a connection lost mid-send puts the message back in the queue, and it is
 * sent again with the same clientId when the connection returns (the server answers a repeat with the first message
 * and stores nothing twice). A refused message stays, marked failed, until retried (same clientId) or discarded.
 */
export class Outbox {
  private list: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private inFlight: { clientId: string; attempt: number } | null = null;
  private attempts = 0;
  private readonly schedule: (fn: () => void, ms: number) => void;

  constructor(private readonly options: OutboxOptions) {
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  /** An immutable snapshot, replaced at every change. */
  entries(): readonly OutboxEntry[] {
    return this.list;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  add(entry: Omit<OutboxEntry, 'status' | 'error'>): void {
    this.set([...this.list, { ...entry, status: 'queued', error: null }]);
    this.flush();
  }

  retry(clientId: string): void {
    this.patch(clientId, { status: 'queued', error: null });
    this.flush();
  }

  discard(clientId: string): void {
    if (this.inFlight?.clientId === clientId) this.inFlight = null;
    this.set(this.list.filter((e) => e.clientId !== clientId));
    this.flush();
  }

  /** The room is gone (removed, deleted): nothing more can be sent there. */
  dropRoom(roomId: string): void {
    if (this.list.some((e) => e.roomId === roomId)) this.set(this.list.filter((e) => e.roomId !== roomId));
  }

  /** The socket disconnected: whatever was on its way goes back to the queue. */
  connectionLost(): void {
    this.inFlight = null;
    if (this.list.some((e) => e.status === 'sending')) {
      this.set(this.list.map((e) => (e.status === 'sending' ? { ...e, status: 'queued' } : e)));
    }
  }

  /** Sends the oldest queued message when connected and nothing else is on its way. */
  flush(): void {
    if (this.inFlight || !this.options.transport.connected()) return;
    const next = this.list.find((e) => e.status === 'queued');
    if (!next) return;
    const attempt = ++this.attempts;
    this.inFlight = { clientId: next.clientId, attempt };
    this.patch(next.clientId, { status: 'sending' });
    const payload: MessageSendPayload = { roomId: next.roomId, clientId: next.clientId, body: next.body };
    if (next.replyToId) payload.replyToId = next.replyToId;
    if (next.attachments.length > 0) payload.attachmentIds = next.attachments.map((f) => f.id);
    this.options.transport.send(payload, (outcome) => this.settle(next.clientId, attempt, outcome));
  }

  private settle(clientId: string, attempt: number, outcome: SendOutcome): void {
    const current = this.inFlight?.clientId === clientId && this.inFlight.attempt === attempt;
    if (outcome.ok) {
      // Even a late ack of an earlier attempt is the truth: the message is stored.
      this.set(this.list.filter((e) => e.clientId !== clientId));
      this.options.onDelivered(outcome.message);
    } else if (current) {
      if (outcome.code === 'DISCONNECTED' || (outcome.code === 'TIMEOUT' && !this.options.transport.connected())) {
        this.patch(clientId, { status: 'queued' });
      } else if (outcome.code === 'RATE_LIMITED') {
        this.patch(clientId, { status: 'queued' });
        this.inFlight = null;
        this.schedule(() => this.flush(), RATE_LIMIT_WAIT_MS);
        return;
      } else {
        const error = outcome.code === 'TIMEOUT' ? 'The server did not answer in time.' : outcome.message;
        this.patch(clientId, { status: 'failed', error });
      }
    }
    if (current) this.inFlight = null;
    this.flush();
  }

  private patch(clientId: string, patch: Partial<OutboxEntry>): void {
    if (!this.list.some((e) => e.clientId === clientId)) return;
    this.set(this.list.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e)));
  }

  private set(list: readonly OutboxEntry[]): void {
    this.list = list;
    this.listeners.forEach((l) => l());
  }
}
