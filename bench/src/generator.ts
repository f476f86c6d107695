/**
 * A load generator worker: its own process (forked by the bench), holding socket.io-client sockets. It sends
 * `message:send` at a fixed rate spread over its sockets and records, for every socket that receives a
 * `message:new`, the send → receive latency. The send time travels in the message body as microseconds of the
 * monotonic clock (`process.hrtime`), which every process on the machine shares, so a message sent by one worker
 * and received by another is timed on one clock.
 */
import { io, type Socket } from 'socket.io-client';
import { Histogram } from './histogram.js';
import type { ConnectResult, Envelope, PollResult, ReactionCounts, Request, SentResult, SocketSpec, StepResult } from './protocol.js';

interface Held {
  spec: SocketSpec;
  socket: Socket;
  group: string;
  /** The socket's last message the server acked (what its reactions go to), and whether its next reaction adds. */
  lastMessageId?: string;
  reactOn?: boolean;
}

/** The storm's emoji: one per sender socket in turn, toggled on and off (a repeat of the same state is not broadcast). */
const STORM_EMOJI = ['👍', '🎉', '❤️', '😂', '👀'];

interface StepState {
  latency: Histogram;
  ack: Histogram;
  received: number;
  /** Receipts by the sending socket itself (the app and the relay both send a room's messages to the sender too). */
  selfReceived: number;
  ackOk: number;
  ackErrors: Record<string, number>;
  timeouts: number;
  outstanding: number;
  disconnectsAtStart: number;
  reactions: ReactionCounts;
  /** `reaction:updated` receipts counted before the step (the events carry no step id). */
  updatesAtStart: number;
}

const held = new Map<string, Held[]>();
const steps = new Map<number, StepState>();
let disconnects = 0;
let reactionUpdates = 0;
let counter = 0;
/** Receipts for a step already collected (late ones) are dropped; two groups' steps may run at once. */
const collected = new Set<number>();

function nowUs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
}

function stepState(stepId: number): StepState {
  let st = steps.get(stepId);
  if (!st) {
    st = {
      latency: new Histogram(),
      ack: new Histogram(),
      received: 0,
      selfReceived: 0,
      ackOk: 0,
      ackErrors: {},
      timeouts: 0,
      outstanding: 0,
      disconnectsAtStart: disconnects,
      reactions: { sent: 0, acked: 0, errors: 0, updates: 0 },
      updatesAtStart: reactionUpdates,
    };
    steps.set(stepId, st);
  }
  return st;
}

/**
 * Body: `<stepId>|<m or w>|<send time µs>|<sending socket id>|<filler>`; only measured (m) messages count. A
 * message's other room members are expected to receive it; the sender's own copy is counted apart.
 */
function onMessage(payload: { body?: unknown }, selfId: string): void {
  const body = payload?.body;
  if (typeof body !== 'string') return;
  const a = body.indexOf('|');
  if (a <= 0 || body.charCodeAt(a + 1) !== 109 /* m */) return;
  const b = body.indexOf('|', a + 3);
  const c = body.indexOf('|', b + 1);
  if (b < 0 || c < 0) return;
  const stepId = Number(body.slice(0, a));
  if (collected.has(stepId)) return;
  const st = stepState(stepId);
  st.received += 1;
  if (body.slice(b + 1, c) === selfId) st.selfReceived += 1;
  st.latency.record(nowUs() - Number(body.slice(a + 3, b)));
}

function connectOne(spec: SocketSpec, url: string, mode: 'app' | 'relay', listen: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
      auth: mode === 'app' ? { token: spec.token } : { userId: spec.userId, username: spec.username },
    });
    const fail = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', fail);
    socket.once('connect', () => {
      socket.off('connect_error', fail);
      socket.on('disconnect', () => {
        disconnects += 1;
      });
      if (listen) {
        const selfId = String(spec.id);
        socket.on('message:new', (payload: { body?: unknown }) => onMessage(payload, selfId));
        socket.on('reaction:updated', () => {
          reactionUpdates += 1;
        });
      }
      if (mode === 'app') return resolve(socket);
      // the relay has no membership: the client joins its rooms itself
      socket
        .timeout(20_000)
        .emitWithAck('join', { roomIds: spec.roomIds })
        .then(() => resolve(socket), fail);
    });
  });
}

async function connect(req: Extract<Request, { type: 'connect' }>): Promise<ConnectResult> {
  const started = performance.now();
  const list = held.get(req.group) ?? [];
  held.set(req.group, list);
  const connected: number[] = [];
  const errors = new Map<string, number>();
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < req.sockets.length) {
      const spec = req.sockets[next++]!;
      try {
        const socket = await connectOne(spec, req.urls[spec.id % req.urls.length]!, req.mode, req.listen);
        list.push({ spec, socket, group: req.group });
        connected.push(spec.id);
      } catch (err) {
        failed += 1;
        const msg = err instanceof Error ? err.message : String(err);
        errors.set(msg, (errors.get(msg) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, req.concurrency) }, lane));
  return {
    connected,
    failed,
    errors: [...errors].map(([m, n]) => `${m} ×${n}`),
    ms: Math.round(performance.now() - started),
  };
}

function filler(bytes: number): string {
  const text = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';
  return text.repeat(Math.ceil(bytes / text.length) + 1).slice(0, Math.max(0, bytes));
}

function step(req: Extract<Request, { type: 'step' }>): Promise<SentResult> {
  const st = stepState(req.stepId);
  st.disconnectsAtStart = disconnects;
  st.updatesAtStart = reactionUpdates;
  const senders = (held.get(req.group) ?? []).filter((h) => h.socket.connected);
  const pad = filler(Math.max(0, req.bodyBytes - 36));
  const totalMs = req.warmupMs + req.measureMs;
  const warmupCount = Math.floor((req.warmupMs / 1000) * req.rate);
  const totalCount = Math.floor((totalMs / 1000) * req.rate);
  let sent = 0;
  let measured = 0;
  let expected = 0;
  let maxLagMs = 0;
  let measureStart = 0;
  const start = nowUs();

  const sendOne = (phase: 'w' | 'm') => {
    const h = senders[counter % senders.length]!;
    counter += 1;
    if (req.reactionEvery && counter % req.reactionEvery === 0 && h.lastMessageId) return react(h, phase);
    const roomId = h.spec.roomIds[0]!;
    const t0 = nowUs();
    const body = `${req.stepId}|${phase}|${Math.round(t0)}|${h.spec.id}|${pad}`;
    if (phase === 'm') {
      st.outstanding += 1;
      expected += Math.max(0, (req.receivers[roomId] ?? 1) - 1);
    }
    h.socket
      .timeout(req.ackTimeoutMs)
      .emit(
        'message:send',
        { roomId, clientId: `${req.clientTag}${process.pid.toString(36)}.${counter.toString(36)}`, body },
        (err: Error | null, res?: { ok?: boolean; message?: { id?: string }; error?: { code?: string } }) => {
          if (res?.ok && res.message?.id) h.lastMessageId = res.message.id;
          if (phase !== 'm') return;
          st.outstanding -= 1;
          if (err) st.timeouts += 1;
          else if (res?.ok) {
            st.ackOk += 1;
            st.ack.record(nowUs() - t0);
          } else {
            const code = res?.error?.code ?? 'UNKNOWN';
            st.ackErrors[code] = (st.ackErrors[code] ?? 0) + 1;
          }
        },
      );
  };

  /** A reaction instead of a message: toggles the socket's emoji on its last acked message (counted, not timed). */
  const react = (h: Held, phase: 'w' | 'm') => {
    h.reactOn = !h.reactOn;
    if (phase === 'm') st.reactions.sent += 1;
    h.socket
      .timeout(req.ackTimeoutMs)
      .emit(
        'reaction:set',
        { messageId: h.lastMessageId, emoji: STORM_EMOJI[h.spec.id % STORM_EMOJI.length], on: h.reactOn },
        (err: Error | null, res?: { ok?: boolean }) => {
          if (phase !== 'm') return;
          if (!err && res?.ok) st.reactions.acked += 1;
          else st.reactions.errors += 1;
        },
      );
  };

  return new Promise((resolve) => {
    if (senders.length === 0 || totalCount === 0) {
      resolve({ sent: 0, sentTotal: 0, expectedDeliveries: 0, measuredMs: req.measureMs, maxLagMs: 0 });
      return;
    }
    const tick = () => {
      const elapsedUs = nowUs() - start;
      const due = Math.min(totalCount, Math.floor((elapsedUs / 1e6) * req.rate));
      if (due - sent > 1) maxLagMs = Math.max(maxLagMs, ((due - sent - 1) / req.rate) * 1000);
      while (sent < due) {
        if (sent === warmupCount) measureStart = nowUs();
        sendOne(sent < warmupCount ? 'w' : 'm');
        if (sent >= warmupCount) measured += 1;
        sent += 1;
      }
      if (sent >= totalCount) {
        clearInterval(timer);
        resolve({
          sent: measured,
          sentTotal: sent,
          expectedDeliveries: expected,
          measuredMs: Math.max(1, (nowUs() - (measureStart || start)) / 1000),
          maxLagMs: Math.round(maxLagMs),
        });
      }
    };
    const timer = setInterval(tick, 1);
  });
}

function collect(stepId: number): StepResult {
  const st = stepState(stepId);
  steps.delete(stepId);
  collected.add(stepId);
  return {
    latency: st.latency.toData(),
    ack: st.ack.toData(),
    received: st.received,
    selfReceived: st.selfReceived,
    ackOk: st.ackOk,
    ackErrors: st.ackErrors,
    timeouts: st.timeouts,
    disconnects: disconnects - st.disconnectsAtStart,
    reactions: { ...st.reactions, updates: reactionUpdates - st.updatesAtStart },
  };
}

function close(group: string): void {
  for (const h of held.get(group) ?? []) {
    h.socket.off('disconnect');
    h.socket.close();
  }
  held.delete(group);
}

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'connect':
      return connect(req);
    case 'step':
      return step(req);
    case 'poll': {
      const st = stepState(req.stepId);
      return { received: st.received - st.selfReceived, outstanding: st.outstanding } satisfies PollResult;
    }
    case 'collect':
      return collect(req.stepId);
    case 'close':
      close(req.group);
      return {};
    case 'exit':
      for (const group of [...held.keys()]) close(group);
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

if (!process.send) {
  console.error('generator.js is a worker of the bench: run `pnpm bench`');
  process.exit(2);
}
/** Answers the bench; if it is gone (the IPC channel closed), this worker has nothing left to do. */
function reply(envelope: Envelope): void {
  if (!process.connected) process.exit(0);
  process.send!(envelope, undefined, {}, (err: Error | null) => {
    if (err) process.exit(0);
  });
}

process.on('message', (msg: { reqId: number; req: Request }) => {
  handle(msg.req).then(
    (result) => reply({ reqId: msg.reqId, ok: true, result }),
    (err: unknown) => reply({ reqId: msg.reqId, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
// The bench going away (even killed) closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(0));
