import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiBuildState, apiStaleWarning } from '../api-build.js';
import type { BenchContext, BenchRun } from '../context.js';
import { Generators } from '../generators.js';
import { percentilesOf } from '../histogram.js';
import { generatorJs, mainJs } from '../paths.js';
import { fsyncProbe } from '../proc-stats.js';
import { fmt } from '../report.js';
import { dropSearchIndexes } from '../seed.js';
import { fdLimits, startApi, startDatabase, stopAll, type Server } from '../servers.js';

/**
 * The servers phase: the temp folder, PostgreSQL, the API and the generator workers. Each is recorded on `run` as
 * soon as it exists, so that `cleanup` stops it whatever fails later; the context every other phase shares is `run`
 * itself, completed.
 */
export async function startServers(run: BenchRun): Promise<BenchContext> {
  const o = run.opts;
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: build the API first (pnpm build)`);
  const tmp = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  run.tmp = tmp;
  chmodSync(tmp, 0o755);
  mkdirSync(join(tmp, 'logs'), { recursive: true });
  mkdirSync(o.out, { recursive: true });
  run.progress.line(
    `chat bench (${run.results.mode}): ${o.users} users, ${o.rooms} rooms of ${Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets, ` +
      `${o.workers} generator process${o.workers > 1 ? 'es' : ''}; ${cpus().length} cores, Node ${process.version}; temp ${tmp}`,
  );

  const fdLimit = planFds(run);
  const build = apiBuildState();
  run.results.machine.apiBuild = build;
  const stale = apiStaleWarning(build.distBuiltAt);
  if (stale) {
    run.results.warnings.push(stale);
    run.progress.line(`⚠ ${stale}`);
  }
  probeDisk(run, 'fsyncAtStart');
  run.progress.update('starting PostgreSQL');
  const db = await startDatabase(join(tmp, 'pg'));
  run.db = db;
  const host: AppHost = { opts: o, tmp, fdLimit, db, jwtSecret: randomBytes(32).toString('hex') };
  run.progress.update('starting the API');
  const api = await startApp(host, 'api');
  if (!o.searchIndexes) {
    await dropSearchIndexes(db.url);
    const note = 'search indexes off (--search-indexes off): messages without search_tsv and its GIN and trigram indexes';
    run.results.warnings.push(note);
    run.progress.line(note);
  }
  const gens = new Generators(generatorJs, o.workers, fdLimit);
  run.gens = gens;
  return Object.assign(run, host, {
    gens,
    api,
    tag: randomBytes(2).toString('hex'),
    users: [],
    userRoom: [],
    roomIds: [],
    historyRoom: null,
    historySeedSeconds: 0,
    searchUser: null,
    listUser: null,
  });
}

/**
 * Every socket is a file descriptor in the server and in a generator worker: 10,000 idle sockets need more than
 * the usual default of 1,024. Children are started with the soft limit raised up to the hard one; past the hard
 * limit the idle-socket count is lowered to what fits, and the results say so.
 */
function planFds(run: BenchRun): number | undefined {
  const o = run.opts;
  let fdLimit: number | undefined;
  const { soft, hard } = fdLimits();
  const need = Math.max(o.sockets + o.idleSockets + 1000, Math.ceil((o.sockets + o.idleSockets) / o.workers) + 500);
  if (need > soft) fdLimit = Math.min(need, hard);
  if (need > hard) {
    const fits = Math.max(0, Math.floor(hard) - o.sockets - 1000);
    run.progress.line(`open files: hard limit ${hard} — idle sockets lowered from ${o.idleSockets} to ${fits}`);
    run.results.machine.idleSocketsLoweredFrom = o.idleSockets;
    o.idleSockets = fits;
  }
  run.results.machine.openFiles = { soft, hard, raisedTo: fdLimit ?? null };
  return fdLimit;
}

/** Times 8 KB write+fdatasync in the temp folder (where PostgreSQL keeps its data): the machine's commit latency. */
export function probeDisk(run: BenchRun, key: 'fsyncAtStart' | 'fsyncAtEnd'): void {
  if (!run.tmp) return;
  const p = percentilesOf(fsyncProbe(run.tmp));
  run.results.machine[key] = p;
  run.progress.line(
    `disk: 8 KB write + fdatasync p50 ${fmt.ms(p.p50)} p99 ${fmt.ms(p.p99)} ms (${key === 'fsyncAtStart' ? 'start' : 'end'} of the run)`,
  );
}

/** What an API process is started with. */
type AppHost = Pick<BenchContext, 'opts' | 'tmp' | 'fdLimit' | 'db' | 'jwtSecret'>;

export function startApp(
  host: AppHost,
  name: string,
  extra: { redisUrl?: string; nodeFlags?: string[]; cpus?: string } = {},
): Promise<Server> {
  return startApi({
    name,
    mainJs,
    fdLimit: host.fdLimit,
    databaseUrl: host.db.url,
    dataDir: join(host.tmp, 'data'),
    jwtSecret: host.jwtSecret,
    logDir: join(host.tmp, 'logs'),
    ...extra,
    // `--api-node-flags` first: a phase's own flags (the profile's --cpu-prof) win
    nodeFlags: [...host.opts.apiNodeFlags, ...(extra.nodeFlags ?? [])],
  });
}

/** The single API process, started again if a failed phase left none. */
export async function ensureApi(ctx: BenchContext): Promise<Server> {
  if (!ctx.api || ctx.api.proc.exitCode !== null || ctx.api.proc.signalCode !== null) {
    ctx.progress.update('starting the API');
    ctx.api = await startApp(ctx, 'api');
  }
  return ctx.api;
}

/** Stops everything the run started and removes the temp folder (unless `--keep-tmp`). */
export async function cleanup(run: BenchRun): Promise<void> {
  await run.gens?.exit().catch(() => undefined);
  await stopAll();
  await run.db?.stop().catch(() => undefined);
  if (run.tmp && !run.opts.keepTmp) rmSync(run.tmp, { recursive: true, force: true });
}
