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

export type SendFailureCode = ErrorCode | 'TIMEOUT' | 'DISCONNECTED' | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export type SendOutcome =
  { ok: true; message: Message } | { ok: false; code: SendFailureCode; message: string; retryAfterSeconds?: number | null };

export interface OutboxTransport {
  /** The socket is connected: sends go over it (`message:send`). */
  connected(): boolean;
  send(payload: MessageSendPayload, done: (outcome: SendOutcome) => void): void;
  /**
   * `POST /rooms/:id/messages`, used while the socket is down but the browser says it is online (a socket that cannot
   * get through, a server restarting). Without it messages wait for the socket.
   */
  sendRest?(payload: MessageSendPayload, done: (outcome: SendOutcome) => void): void;
  /** Whether the browser has a network at all (`navigator.onLine`); offline, nothing is tried. */
  online?(): boolean;
}

export interface OutboxOptions {
  transport: OutboxTransport;
  /** The server stored it (first time or an idempotent repeat): put it in the history. */
  onDelivered(message: Message): void;
  /** Waits before sending again after RATE_LIMITED. */
  schedule?: (fn: () => void, ms: number) => void;
}

const RATE_LIMIT_WAIT_MS = 1_500;
/** After the REST route could not reach the server, it is tried again this much later (or when the socket is back). */
const REST_RETRY_MS = 5_000;

/** Answers that mean "nothing was stored, send the same message again later": it stays queued. */
function isWaitCode(code: SendFailureCode): boolean {
  return code === 'RATE_LIMITED' || code === 'UNAVAILABLE';
}

/** What a failed message says, in words for a person (never a code). */
export function sendFailureText(outcome: { code: SendFailureCode; message: string }): string {
  switch (outcome.code) {
    case 'TIMEOUT':
      return 'The server did not answer in time.';
    case 'INTERNAL':
    case 'BAD_RESPONSE':
      return 'Something went wrong on the server.';
    case 'NETWORK_ERROR':
    case 'DISCONNECTED':
      return 'Could not reach the server.';
    default:
      return outcome.message;
  }
}

/**
 * The messages on their way, in the order they were written, sent one at a time over the socket with their
 * `clientId`. While disconnected they wait; a connection lost mid-send puts the message back in the queue, and it is
 * sent again with the same clientId when the connection returns (the server answers a repeat with the first message
 * and stores nothing twice). While the socket is down but the browser is online, the REST route carries the message
 * instead. RATE_LIMITED and UNAVAILABLE (nothing stored) keep it queued and send it again later with the same clientId;
 * any other refusal (a 500 included) marks it failed until retried (same clientId) or discarded.
 */
export class Outbox {
  private list: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private inFlight: { clientId: string; attempt: number; via: 'socket' | 'rest' } | null = null;
  private attempts = 0;
  /** The REST route failed to reach the server: not tried again before the timer (or the socket) says so. */
  private restPaused = false;
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

  /**
   * Puts back what an earlier page of this app left unsent (kept in IndexedDB across a reload), before what this page
   * queued meanwhile, each with its original clientId (the server stores a repeat once). One that was on its way when
   * the page went is queued again; a refused one stays refused until retried.
   */
  restore(saved: readonly OutboxEntry[]): void {
    const known = new Set(this.list.map((e) => e.clientId));
    const back = saved
      .filter((e) => !known.has(e.clientId))
      .map((e): OutboxEntry => (e.status === 'sending' ? { ...e, status: 'queued' } : e));
    if (back.length === 0) return;
    this.set([...back, ...this.list]);
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

  /** The socket disconnected: what was on its way over it goes back to the queue (a REST send carries on). */
  connectionLost(): void {
    if (this.inFlight?.via === 'rest') return;
    this.inFlight = null;
    if (this.list.some((e) => e.status === 'sending')) {
      this.set(this.list.map((e) => (e.status === 'sending' ? { ...e, status: 'queued' } : e)));
    }
  }

  /** The socket is back: whatever waits goes now. */
  connected(): void {
    this.restPaused = false;
    this.flush();
  }

  /**
   * Sends the oldest queued message when nothing else is on its way: over the socket when connected, else over REST
   * when the browser is online (and the REST route is not waiting after a failed attempt).
   */
  flush(): void {
    if (this.inFlight) return;
    const next = this.list.find((e) => e.status === 'queued');
    if (!next) return;
    const { transport } = this.options;
    const via = transport.connected() ? 'socket' : this.restUsable() ? 'rest' : null;
    if (!via) return;
    const attempt = ++this.attempts;
    this.inFlight = { clientId: next.clientId, attempt, via };
    this.patch(next.clientId, { status: 'sending' });
    const payload: MessageSendPayload = { roomId: next.roomId, clientId: next.clientId, body: next.body };
    if (next.replyToId) payload.replyToId = next.replyToId;
    if (next.attachments.length > 0) payload.attachmentIds = next.attachments.map((f) => f.id);
    const done = (outcome: SendOutcome) => this.settle(next.clientId, attempt, outcome);
    if (via === 'socket') transport.send(payload, done);
    else transport.sendRest!(payload, done);
  }

  private restUsable(): boolean {
    const { transport } = this.options;
    return transport.sendRest !== undefined && !this.restPaused && (transport.online?.() ?? true);
  }

  private settle(clientId: string, attempt: number, outcome: SendOutcome): void {
    const current = this.inFlight?.clientId === clientId && this.inFlight.attempt === attempt;
    const via = this.inFlight?.via;
    if (outcome.ok) {
      // Even a late ack of an earlier attempt is the truth: the message is stored.
      this.set(this.list.filter((e) => e.clientId !== clientId));
      this.options.onDelivered(outcome.message);
    } else if (current) {
      if (isWaitCode(outcome.code)) {
        // Nothing was stored: the same message (same clientId) goes again after the server's Retry-After.
        this.patch(clientId, { status: 'queued' });
        this.inFlight = null;
        const wait = outcome.retryAfterSeconds ? outcome.retryAfterSeconds * 1000 : RATE_LIMIT_WAIT_MS;
        this.schedule(() => this.flush(), wait);
        return;
      }
      if (via === 'rest' && outcome.code === 'NETWORK_ERROR') {
        // The server was not reached: wait for the socket, or try the REST route again a little later.
        this.patch(clientId, { status: 'queued' });
        this.inFlight = null;
        this.restPaused = true;
        this.schedule(() => {
          this.restPaused = false;
          this.flush();
        }, REST_RETRY_MS);
        return;
      }
      if (outcome.code === 'DISCONNECTED' || (outcome.code === 'TIMEOUT' && !this.options.transport.connected())) {
        this.patch(clientId, { status: 'queued' });
      } else {
        this.patch(clientId, { status: 'failed', error: sendFailureText(outcome) });
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
