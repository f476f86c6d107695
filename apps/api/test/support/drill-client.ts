import { io, type Socket } from 'socket.io-client';
import { call, sleep } from './api-process.js';

/** A chat client as a real one behaves: Socket.IO with reconnection and backoff. */
export function reconnectingSocket(url: string, token: string): Socket {
  return io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 1000,
    randomizationFactor: 0.5,
    timeout: 3000,
  });
}

export interface SendOutcome {
  clientId: string;
  roomId: string;
  /** seq of the stored message, once a send was acknowledged. */
  seq: number | null;
  attempts: number;
  /** Attempts that got no answer at all within the client's time-out (a hang, not an error). */
  unanswered: number;
}

type Transport = { kind: 'socket'; socket: Socket } | { kind: 'rest'; url: () => string; token: string };

/**
 * Sends `count` messages into `roomId` one after another, each under its own clientId, retrying every failure (an
 * error ack, a 5xx, a dropped connection, a time-out) with the SAME clientId until it is acknowledged or `deadline`
 * passes. Resolves with what became of each message.
 */
export async function sendAll(
  transport: Transport,
  roomId: string,
  prefix: string,
  count: number,
  opts: { deadline: number; pauseMs?: number; answerWithinMs?: number },
): Promise<SendOutcome[]> {
  const out: SendOutcome[] = [];
  const answerWithin = opts.answerWithinMs ?? 8000;
  for (let i = 0; i < count; i++) {
    const outcome: SendOutcome = { clientId: `${prefix}-${i}`, roomId, seq: null, attempts: 0, unanswered: 0 };
    out.push(outcome);
    const payload = { clientId: outcome.clientId, body: `${prefix} message ${i}` };
    while (outcome.seq === null && Date.now() < opts.deadline) {
      outcome.attempts += 1;
      if (transport.kind === 'socket') {
        if (!transport.socket.connected) {
          await sleep(50);
          continue;
        }
        try {
          const ack = (await transport.socket.timeout(answerWithin).emitWithAck('message:send', { roomId, ...payload })) as {
            ok: boolean;
            message?: { seq: number };
          };
          if (ack.ok) outcome.seq = ack.message!.seq;
        } catch {
          // no ack in time: the socket dropped (the ack will never come) or the server hung
          if (transport.socket.connected) outcome.unanswered += 1;
        }
      } else {
        const res = await call<{ seq: number }>(
          transport.url(),
          'POST',
          `/rooms/${roomId}/messages`,
          transport.token,
          payload,
          answerWithin,
        );
        if (res.status === 200 || res.status === 201) outcome.seq = res.body.seq;
      }
      if (outcome.seq === null) await sleep(100);
    }
    if (opts.pauseMs) await sleep(opts.pauseMs);
  }
  return out;
}

export interface PagedMessage {
  id: string;
  seq: number;
  clientId: string;
  roomId: string;
  sender: { id: string };
  body: string;
}

/** Every message after `after`, paging with `after=` the way a reconnecting client catches up. */
export async function catchUp(url: string, token: string, roomId: string, after: number, limit = 100): Promise<PagedMessage[]> {
  const out: PagedMessage[] = [];
  for (let cursor = after, pages = 0; pages < 1000; pages++) {
    const res = await call<{ messages: PagedMessage[]; hasMore: boolean }>(
      url,
      'GET',
      `/rooms/${roomId}/messages?after=${cursor}&limit=${limit}`,
      token,
    );
    if (res.status !== 200) throw new Error(`catch-up of ${roomId} after ${cursor} answered ${res.status}`);
    out.push(...res.body.messages);
    if (!res.body.hasMore) return out;
    cursor = res.body.messages[res.body.messages.length - 1]!.seq;
  }
  throw new Error('catch-up did not end');
}
