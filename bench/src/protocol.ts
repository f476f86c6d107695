import type { HistogramData } from './histogram.js';

/** Messages between the bench (orchestrator) and its generator worker processes, over Node's IPC channel. */

export interface SocketSpec {
  /** Index of the socket in the whole run; also picks the server URL (`urls[id % urls.length]`). */
  id: number;
  userId: string;
  username: string;
  /** App: the bearer token of the user's session. Relay: none (the relay has no auth). */
  token?: string;
  /** Rooms the socket is in; it sends to the first. */
  roomIds: string[];
}

export type Mode = 'app' | 'relay';

export type Request =
  | {
      type: 'connect';
      group: string;
      mode: Mode;
      urls: string[];
      sockets: SocketSpec[];
      /** Handshakes in flight at once, per worker. */
      concurrency: number;
      /** Attach the message:new handler (load sockets) or not (idle sockets). */
      listen: boolean;
    }
  | {
      type: 'step';
      stepId: number;
      group: string;
      /** Messages a second, sent by this worker. */
      rate: number;
      warmupMs: number;
      measureMs: number;
      ackTimeoutMs: number;
      bodyBytes: number;
      /** Connected receivers in each room, over every worker: the deliveries one message should make. */
      receivers: Record<string, number>;
      /** Distinguishes clientIds between phases that share a database (idempotency keys must not repeat). */
      clientTag: string;
      /** Every Nth send is a `reaction:set` on the socket's last acked message instead of a message (0: none). */
      reactionEvery?: number;
    }
  | { type: 'poll'; stepId: number }
  | { type: 'collect'; stepId: number }
  | { type: 'close'; group: string }
  | { type: 'exit' };

export interface ConnectResult {
  connected: number[];
  failed: number;
  errors: string[];
  ms: number;
}

export interface SentResult {
  /** Measured messages sent (after the warm-up). */
  sent: number;
  sentTotal: number;
  /** Deliveries to the other sockets of each message's room. */
  expectedDeliveries: number;
  /** How long the measured sending lasted, ms. */
  measuredMs: number;
  /** Largest lag of the send loop behind its schedule, ms (the generator itself falling behind). */
  maxLagMs: number;
}

export interface PollResult {
  /** Receipts by sockets other than the sender. */
  received: number;
  outstanding: number;
}

export interface StepResult {
  latency: HistogramData;
  ack: HistogramData;
  /** Every receipt of a measured message, the sender's own copies included. */
  received: number;
  selfReceived: number;
  ackOk: number;
  ackErrors: Record<string, number>;
  timeouts: number;
  disconnects: number;
  reactions: ReactionCounts;
}

/** A step's reactions (measured window): sent, acked ok, refused or timed out, and `reaction:updated` receipts. */
export interface ReactionCounts {
  sent: number;
  acked: number;
  errors: number;
  updates: number;
}

export interface Envelope<T = unknown> {
  reqId: number;
  ok: boolean;
  result?: T;
  error?: string;
}
