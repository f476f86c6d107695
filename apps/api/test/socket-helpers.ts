import { expect } from '@jest/globals';
import type { Ack, ClientToServerEvents, Message, ServerToClientEvents } from '@chat/contracts';
import { io, type Socket } from 'socket.io-client';
import type { TestApp } from './harness.js';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
type Match<E extends EventName> = (payload: Payload<E>) => boolean;
type ClientEvent = keyof ClientToServerEvents;
type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** How long a negative assertion waits for an event that must not come. */
export const QUIET_MS = 300;
/** How long a positive assertion waits for an event that must come. */
export const EVENT_TIMEOUT_MS = 2000;

interface Received {
  event: string;
  payload: unknown;
}

/**
 * A connected Socket.IO client that records every server event from the moment it connects, so an event that
 * arrives before the test starts waiting is not lost. `waitFor` takes (consumes) the first matching event;
 * `expectNo` fails if a matching event is recorded and not consumed by the end of its window.
 */
export class TestClient {
  readonly received: Received[] = [];
  /** Resolves with the reason once the socket is disconnected (by the server, the transport or `close`). */
  readonly disconnected: Promise<string>;
  private waiters: Array<{ event: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];

  constructor(readonly socket: ChatSocket) {
    socket.onAny((event: string, payload: unknown) => {
      const i = this.waiters.findIndex((w) => w.event === event && w.match(payload));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(payload);
      else this.received.push({ event, payload });
    });
    this.disconnected = new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The first matching `event`, already received or arriving within `timeoutMs`; fails the test otherwise. */
  waitFor<E extends EventName>(event: E, match: Match<E> = () => true, timeoutMs = EVENT_TIMEOUT_MS): Promise<Payload<E>> {
    const test = match as (p: unknown) => boolean;
    const i = this.received.findIndex((r) => r.event === event && test(r.payload));
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]!.payload as Payload<E>);
    return new Promise((resolve, reject) => {
      const waiter = {
        event,
        match: test,
        resolve: (p: unknown) => {
          clearTimeout(timer);
          resolve(p as Payload<E>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.received.map((r) => r.event).join(', ') || 'nothing';
        reject(new Error(`no "${event}" matching within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits `windowMs`, then asserts that no matching `event` was received (and not consumed) in the meantime or before. */
  async expectNo<E extends EventName>(event: E, match: Match<E> = () => true, windowMs = QUIET_MS): Promise<void> {
    await sleep(windowMs);
    const test = match as (p: unknown) => boolean;
    expect(this.received.filter((r) => r.event === event && test(r.payload))).toEqual([]);
  }

  /** Forgets everything received so far. */
  clear(): void {
    this.received.length = 0;
  }

  /** Emits a typed client event and resolves with its acknowledgement (within `timeoutMs`, else fails). */
  send<E extends ClientEvent>(event: E, payload: Parameters<ClientToServerEvents[E]>[0], timeoutMs = EVENT_TIMEOUT_MS): Promise<AckOf<E>> {
    const s = this.socket as unknown as Socket;
    return s.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckOf<E>>;
  }

  /** Emits anything (an unknown event, a malformed payload) and resolves with its acknowledgement. */
  raw(event: string, ...args: unknown[]): Promise<Ack<Record<string, unknown>>> {
    const s = this.socket as unknown as Socket;
    return s.timeout(EVENT_TIMEOUT_MS).emitWithAck(event, ...args) as Promise<Ack<Record<string, unknown>>>;
  }

  close(): void {
    this.socket.disconnect();
  }
}

const open = new Set<ChatSocket>();

export interface ConnectOptions {
  origin?: string;
}

function open_(t: TestApp, token: unknown, opts: ConnectOptions = {}): ChatSocket {
  const socket: ChatSocket = io(t.baseUrl, {
    auth: token === undefined ? {} : { token: token as string },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
  });
  open.add(socket);
  return socket;
}

/** Connects with a token and resolves once the handshake succeeded; rejects with the `connect_error`. */
export function connect(t: TestApp, token: string, opts: ConnectOptions = {}): Promise<TestClient> {
  const socket = open_(t, token, opts);
  const client = new TestClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

/**
 * Tries to connect and resolves with the `connect_error` message; fails if the handshake succeeds instead
 * (`token` undefined sends no token at all).
 */
export function refusedHandshake(t: TestApp, token: unknown, opts: ConnectOptions = {}): Promise<string> {
  const socket = open_(t, token, opts);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('the handshake was accepted')));
    socket.once('connect_error', (err) => resolve(err.message));
  });
}

/** Closes every socket the helpers opened (call in afterEach). */
export function closeAllSockets(): void {
  for (const s of open) s.disconnect();
  open.clear();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the disconnect reason within `timeoutMs`, or fails. */
export function disconnectedWithin(client: TestClient, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    void client.disconnected.then((reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** The message of a successful `message:send` ack; fails the test on an error ack. */
export function sentMessage(ack: Ack<{ message: Message }>): Message {
  if (!ack.ok) throw new Error(`message:send failed: ${ack.error.code} ${ack.error.message}`);
  return ack.message;
}
