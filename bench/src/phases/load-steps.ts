import type { BenchContext } from '../context.js';
import type { StepFigures, Watched } from '../generators.js';
import { scrapeMetrics, sendBreakdown } from '../metrics.js';
import { cpuPercent, postmasterPid, sampleTree } from '../proc-stats.js';
import type { Mode } from '../protocol.js';
import { fmt } from '../report.js';
import type { TargetResult } from '../results.js';
import type { Server } from '../servers.js';
import { sleep } from '../util.js';
import { ensureApi } from './servers.js';
import { loadSpecs } from './setup.js';

/** The app's load steps: one API process, the rates stepped up to the limit, then half the sustained rate. */
export async function appPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  ctx.results.app = await runTarget(ctx, 'app', 'app', [api], { rates: ctx.opts.rates, half: true, clientTag: 'a' });
}

/** Connects the load sockets, steps the rate up to the limit, refines by bisection, runs any extra rates. */
export async function runTarget(
  ctx: BenchContext,
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
  const o = ctx.opts;
  ctx.progress.update(`${name}: connecting ${o.sockets} sockets`);
  const { specs, conn, receivers } = await connectLoad(
    ctx,
    mode,
    servers.map((s) => s.url),
  );
  if (conn.connected.length === 0) throw new Error(`${name}: no socket connected (${conn.errors.join('; ')})`);
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
  ctx.progress.line(
    `${name}: ${conn.connected.length}/${specs.length} sockets connected in ${(conn.ms / 1000).toFixed(1)} s${conn.failed ? ` (${conn.failed} failed: ${conn.errors.join('; ')})` : ''}`,
  );
  const watch = opts.watch ?? watched(ctx, servers);
  const run = async (rate: number, label?: string) => {
    const s = await runStep(ctx, name, rate, receivers, watch, opts.clientTag, label);
    result.steps.push(s);
    if (!s.pass) await settle(ctx, watch.server!);
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
    // the app's metrics read before and after the step (the event loop delay resets at each read)
    const scrape = () =>
      mode === 'app' && servers.length === 1 ? scrapeMetrics(servers[0]!.url).catch(() => null) : Promise.resolve(null);
    const before = await scrape();
    result.half = await run(Math.max(1, Math.round(lastPass / 2)), 'half');
    result.half.label = 'half';
    const after = await scrape();
    result.halfBreakdown = before && after ? sendBreakdown(before, after) : null;
    const b = result.halfBreakdown;
    if (b) {
      ctx.progress.line(
        `  where a send's time goes on the server at ${fmt.n(result.half.rate)}/s (means): whole event ${fmt.ms(b.eventMs)} ms = ` +
          `queue ${fmt.ms(b.queuedMs)} + statement ${fmt.ms(b.statementMs)} + the rest ${fmt.ms(b.otherMs)}; ` +
          `${b.perStatement.toFixed(1)} sends per statement; event loop delay p50 ${fmt.ms(b.loopDelayP50Ms)} p99 ${fmt.ms(b.loopDelayP99Ms)} ms`,
      );
    }
  }
  for (const x of opts.extraRates ?? []) {
    const s = await run(x.rate, x.label);
    result.extra.push(s);
  }
  await ctx.gens.close('load');
  await sleep(500);
  ctx.progress.line(
    `${name}: sustained ${result.sustained === null ? 'none' : `${fmt.n(result.sustained)} msg/s${result.sustainedIsLowerBound ? ' (or more: every rate tried passed)' : ''}`}` +
      `${result.firstFail ? `, first failing rate ${fmt.n(result.firstFail)} msg/s` : ''}`,
  );
  return result;
}

/** One load step at `rate` on the connected load sockets, printed as one line. */
export async function runStep(
  ctx: BenchContext,
  name: string,
  rate: number,
  receivers: Record<string, number>,
  watch: Record<string, Watched>,
  clientTag: string,
  label?: string,
  reactionEvery = 0,
): Promise<StepFigures> {
  const o = ctx.opts;
  const started = performance.now();
  const total = o.warmupS + o.stepS;
  const ticker = setInterval(() => {
    const t = (performance.now() - started) / 1000;
    const phase = t < o.warmupS ? 'warm-up' : t < total ? 'measuring' : 'draining';
    ctx.progress.update(`${name}: ${fmt.n(rate)} msg/s offered — ${phase} ${t.toFixed(1)}/${total} s`);
  }, 250);
  let s: StepFigures;
  try {
    s = await ctx.gens.step({
      group: 'load',
      rate,
      warmupMs: o.warmupS * 1000,
      measureMs: o.stepS * 1000,
      ackTimeoutMs: o.ackTimeoutS * 1000,
      bodyBytes: o.bodyBytes,
      receivers,
      clientTag,
      reactionEvery,
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
  ctx.progress.line(
    `  ${name.padEnd(9)} ${fmt.n(rate).padStart(6)}/s${label ? ` (${label})` : ''}: sent ${fmt.n(s.sentPerSec)}/s, delivered ${fmt.n(s.deliveredPerSec)}/s, ` +
      `latency p50 ${fmt.ms(s.latency.p50)} p95 ${fmt.ms(s.latency.p95)} p99 ${fmt.ms(s.latency.p99)} max ${fmt.ms(s.latency.max)} ms, ` +
      `errors ${s.errors}, lost ${s.lost}` +
      (reactionEvery ? `; reactions ${fmt.n(s.reactions.acked)} acked, ${fmt.n(s.reactions.updates)} reaction:updated received` : '') +
      `; CPU ${cpu}  ${s.pass ? '✓' : `✗ ${s.why}`}`,
  );
  return s;
}

/** After an overloaded step, waits (up to 15 s) for the server to work off its backlog before the next one. */
export async function settle(ctx: BenchContext, server: Watched): Promise<void> {
  const deadline = Date.now() + 15_000;
  let a = sampleTree(server.pids);
  while (Date.now() < deadline) {
    await sleep(500);
    const b = sampleTree(server.pids);
    const busy = cpuPercent(a, b);
    a = b;
    ctx.progress.update(`letting the server settle (CPU ${Math.round(busy)} %)`);
    if (busy < 15 * server.pids.length) return;
  }
}

/** Connects the load sockets to `urls`; `receivers`: the connected sockets of each room, the deliveries a send is owed. */
export async function connectLoad(ctx: BenchContext, mode: Mode, urls: string[]) {
  const specs = loadSpecs(ctx);
  const conn = await ctx.gens.connect('load', mode, urls, specs, true, 32);
  const receivers: Record<string, number> = {};
  for (const id of conn.connected) {
    const room = specs[id]!.roomIds[0]!;
    receivers[room] = (receivers[room] ?? 0) + 1;
  }
  return { specs, conn, receivers };
}

/** The processes a step samples: the servers, PostgreSQL when an API is among them, the generator workers. */
export function watched(ctx: BenchContext, servers: Server[], extra: Record<string, Watched> = {}): Record<string, Watched> {
  const pg = postmasterPid(ctx.db.dir);
  return {
    server: { pids: servers.map((s) => s.pid) },
    ...(servers.some((s) => s.name !== 'relay') ? { postgres: { pids: pg ? [pg] : [], pss: true } } : {}),
    generator: { pids: ctx.gens.pids },
    ...extra,
  };
}
