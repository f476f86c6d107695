import { type ChildProcess, fork, spawn } from 'node:child_process';
import { Histogram, type Percentiles } from './histogram.js';
import { cpuPercent, machineBusyTicks, sampleTree, type TreeSample } from './proc-stats.js';
import type { ConnectResult, Envelope, Mode, PollResult, ReactionCounts, Request, SentResult, SocketSpec, StepResult } from './protocol.js';

/** The generator's worker processes, driven from the bench over IPC. */
export class Generators {
  private readonly workers: ChildProcess[] = [];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private reqId = 0;
  private stepId = 0;

  /** `fdLimit`: raise each worker's open-files limit to this (through `sh -c "ulimit -n"`). */
  constructor(script: string, count: number, fdLimit?: number) {
    for (let i = 0; i < count; i++) {
      const w = fdLimit
        ? spawn('sh', ['-c', `ulimit -n ${Math.floor(fdLimit)} && exec "$@"`, 'sh', process.execPath, script], {
            serialization: 'advanced',
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          })
        : fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      w.on('message', (msg: Envelope) => {
        const p = this.pending.get(msg.reqId);
        if (!p) return;
        this.pending.delete(msg.reqId);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new Error(msg.error));
      });
      w.on('exit', (code) => {
        if (code && code !== 0) for (const p of this.pending.values()) p.reject(new Error(`generator worker exited with ${code}`));
      });
      this.workers.push(w);
    }
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid!).filter(Boolean);
  }

  get size(): number {
    return this.workers.length;
  }

  private ask<T>(worker: ChildProcess, req: Request): Promise<T> {
    const reqId = ++this.reqId;
    return new Promise<T>((resolve, reject) => {
      if (!worker.connected) {
        reject(new Error('generator worker is gone'));
        return;
      }
      this.pending.set(reqId, { resolve: resolve as (v: unknown) => void, reject });
      worker.send({ reqId, req }, (err) => {
        if (!err) return;
        this.pending.delete(reqId);
        reject(err);
      });
    });
  }

  private all<T>(make: (i: number) => Request): Promise<T[]> {
    return Promise.all(this.workers.map((w, i) => this.ask<T>(w, make(i))));
  }

  /** Connects sockets (socket i on worker i % workers) and answers which connected. */
  async connect(
    group: string,
    mode: Mode,
    urls: string[],
    sockets: SocketSpec[],
    listen: boolean,
    concurrency: number,
  ): Promise<ConnectResult> {
    const parts = await this.all<ConnectResult>((i) => ({
      type: 'connect',
      group,
      mode,
      urls,
      sockets: sockets.filter((_, k) => k % this.workers.length === i),
      concurrency,
      listen,
    }));
    return {
      connected: parts.flatMap((p) => p.connected),
      failed: parts.reduce((n, p) => n + p.failed, 0),
      errors: parts.flatMap((p) => p.errors),
      ms: Math.max(...parts.map((p) => p.ms)),
    };
  }

  async close(group: string): Promise<void> {
    await this.all((_) => ({ type: 'close', group }));
  }

  /** At once, without waiting (the bench itself is being stopped). */
  killNow(): void {
    for (const w of this.workers) if (w.exitCode === null) w.kill('SIGKILL');
  }

  async exit(): Promise<void> {
    await Promise.race([this.all((_) => ({ type: 'exit' })), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined);
    for (const w of this.workers) if (w.exitCode === null) w.kill('SIGKILL');
  }

  /**
   * One load step: every worker sends its share of `rate` for warm-up + measure, then the bench waits until every
   * expected delivery arrived and every ack came back (or the ack timeout passed), and merges the workers' figures.
   * CPU of the watched process trees is sampled over the measured window only.
   */
  async step(opts: StepOptions): Promise<StepFigures> {
    const stepId = ++this.stepId;
    const share = opts.rate / this.workers.length;
    const watch = opts.watch;
    const samples: Record<string, TreeSample[]> = {};
    const machine: Array<{ at: number; ticks: number; steal: number }> = [];
    const sample = () => {
      machine.push(machineBusyTicks());
      for (const [name, w] of Object.entries(watch)) (samples[name] ??= []).push(sampleTree(w.pids, { pss: w.pss }));
    };
    let sampled = 0;
    const timers = [opts.warmupMs, opts.warmupMs + opts.measureMs].map((ms) =>
      setTimeout(() => {
        sample();
        sampled += 1;
      }, ms),
    );
    const sent = await this.all<SentResult>((_) => ({
      type: 'step',
      stepId,
      group: opts.group,
      rate: share,
      warmupMs: opts.warmupMs,
      measureMs: opts.measureMs,
      ackTimeoutMs: opts.ackTimeoutMs,
      bodyBytes: opts.bodyBytes,
      receivers: opts.receivers,
      clientTag: opts.clientTag,
      reactionEvery: opts.reactionEvery ?? 0,
    }));
    // the send loop may end a little before the second timer: then take the closing sample now
    await new Promise((r) => setTimeout(r, 20));
    for (const t of timers) clearTimeout(t);
    while (sampled < 2) {
      sample();
      sampled += 1;
    }
    const expected = sent.reduce((n, s) => n + s.expectedDeliveries, 0);
    const deadline = Date.now() + opts.ackTimeoutMs + 1500;
    for (;;) {
      const polls = await this.all<PollResult>((_) => ({ type: 'poll', stepId }));
      const received = polls.reduce((n, p) => n + p.received, 0);
      const outstanding = polls.reduce((n, p) => n + p.outstanding, 0);
      opts.onDrain?.(received, expected, outstanding);
      if ((received >= expected && outstanding === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const results = await this.all<StepResult>((_) => ({ type: 'collect', stepId }));
    const latency = new Histogram();
    const ack = new Histogram();
    const ackErrors: Record<string, number> = {};
    let received = 0;
    let selfReceived = 0;
    let timeouts = 0;
    let disconnects = 0;
    const reactions: ReactionCounts = { sent: 0, acked: 0, errors: 0, updates: 0 };
    for (const r of results) {
      for (const k of ['sent', 'acked', 'errors', 'updates'] as const) reactions[k] += r.reactions[k];
      latency.merge(r.latency);
      ack.merge(r.ack);
      received += r.received;
      selfReceived += r.selfReceived;
      timeouts += r.timeouts;
      disconnects += r.disconnects;
      for (const [code, n] of Object.entries(r.ackErrors)) ackErrors[code] = (ackErrors[code] ?? 0) + n;
    }
    const measuredS = Math.max(...sent.map((s) => s.measuredMs)) / 1000;
    const sentMeasured = sent.reduce((n, s) => n + s.sent, 0);
    const errors = timeouts + Object.values(ackErrors).reduce((a, b) => a + b, 0);
    const cpu: Record<string, number> = {};
    const rssKb: Record<string, number> = {};
    for (const [name, list] of Object.entries(samples)) {
      if (list.length < 2) continue;
      const a = list[0]!;
      const b = list[list.length - 1]!;
      cpu[name] = Math.round(cpuPercent(a, b));
      rssKb[name] = watch[name]?.pss ? b.pssKb : b.rssKb;
    }
    // everything else the machine ran meanwhile (other jobs on a shared machine, and the bench's own process)
    if (machine.length >= 2) {
      const a = machine[0]!;
      const b = machine[machine.length - 1]!;
      const percent = (ticks: number) => (ticks / 100 / ((b.at - a.at) / 1000)) * 100;
      const steal = percent(b.steal - a.steal);
      cpu.other = Math.max(0, Math.round(percent(b.ticks - a.ticks) - steal - Object.values(cpu).reduce((x, y) => x + y, 0)));
      cpu.steal = Math.round(steal);
    }
    const lat = latency.summary();
    const figures: StepFigures = {
      rate: opts.rate,
      sentPerSec: Math.round(sentMeasured / measuredS),
      deliveredPerSec: Math.round(received / measuredS),
      sent: sentMeasured,
      expectedDeliveries: expected,
      deliveries: received,
      lost: Math.max(0, expected - (received - selfReceived)),
      latency: lat,
      ack: ack.summary(),
      errors,
      timeouts,
      ackErrors,
      disconnects,
      reactions,
      generatorLagMs: Math.max(...sent.map((s) => s.maxLagMs)),
      cpu,
      rssKb,
      pass: false,
      why: '',
    };
    const why: string[] = [];
    if (errors > 0) why.push(`${errors} send errors`);
    if (reactions.errors > 0) why.push(`${reactions.errors} reaction errors`);
    if (figures.lost > 0) why.push(`${figures.lost} deliveries missing`);
    if (disconnects > 0) why.push(`${disconnects} disconnects`);
    if (lat.p99 > opts.p99LimitMs) why.push(`p99 ${lat.p99} ms > ${opts.p99LimitMs} ms`);
    if (figures.sentPerSec < opts.rate * 0.95) why.push(`sent only ${figures.sentPerSec}/s`);
    if (sentMeasured === 0) why.push('nothing sent');
    figures.pass = why.length === 0;
    figures.why = why.join('; ');
    return figures;
  }
}

export interface Watched {
  pids: number[];
  /** Read Pss instead of RSS (PostgreSQL's backends share memory). */
  pss?: boolean;
}

export interface StepOptions {
  group: string;
  rate: number;
  warmupMs: number;
  measureMs: number;
  ackTimeoutMs: number;
  bodyBytes: number;
  receivers: Record<string, number>;
  clientTag: string;
  /** Every Nth send a reaction instead of a message (0 or absent: none). */
  reactionEvery?: number;
  p99LimitMs: number;
  watch: Record<string, Watched>;
  onDrain?: (received: number, expected: number, outstanding: number) => void;
}

export interface StepFigures {
  /** Offered: messages a second the generator was told to send, all senders together. */
  rate: number;
  sentPerSec: number;
  deliveredPerSec: number;
  sent: number;
  expectedDeliveries: number;
  deliveries: number;
  lost: number;
  /** send → receive, every receiver, ms. */
  latency: Percentiles;
  /** send → ack, ms. */
  ack: Percentiles;
  errors: number;
  timeouts: number;
  ackErrors: Record<string, number>;
  disconnects: number;
  /** Reactions sent instead of messages (`reactionEvery`), and the `reaction:updated` events the sockets received. */
  reactions: ReactionCounts;
  generatorLagMs: number;
  /**
   * % of one core over the measured window, per watched tree (server, postgres, generator, redis), `other`: the rest of
   * the machine, and `steal`: what the hypervisor gave to other machines.
   */
  cpu: Record<string, number>;
  rssKb: Record<string, number>;
  pass: boolean;
  why: string;
  label?: string;
}
