import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '@chat/api/dist/database/embedded-postgres.js';
import { BENCH_METRICS_TOKEN } from './metrics.js';
import { processTree } from './proc-stats.js';

/** A server process the bench started: the API, the relay or redis-server. */
export interface Server {
  name: string;
  url: string;
  port: number;
  proc: ChildProcess;
  pid: number;
  logFile: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process started here, so that a failure or Ctrl-C stops them all. */
const running = new Set<Server>();

async function waitHealthy(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
      throw new Error(
        `${server.name} exited (${server.proc.exitCode ?? server.proc.signalCode}) before it was healthy: see ${server.logFile}`,
      );
    }
    try {
      if ((await fetch(`${server.url}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${server.name} at ${server.url} was not healthy within ${timeoutMs} ms: see ${server.logFile}`);
}

function spawnLogged(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): { proc: ChildProcess; log: WriteStream } {
  const log = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  proc.once('exit', () => setTimeout(() => log.end(), 100));
  if (!proc.pid) throw new Error(`${name} could not be started (${cmd})`);
  return { proc, log };
}

/** The soft and hard limits on open files a child would inherit (`ulimit -n`, `ulimit -Hn`). */
export function fdLimits(): { soft: number; hard: number } {
  const res = spawnSync('sh', ['-c', 'ulimit -n; ulimit -Hn'], { encoding: 'utf8' });
  const [soft, hard] = (res.stdout ?? '')
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return { soft: soft || 1024, hard: hard || soft || 1024 };
}

/** `cmd args` with the open-files limit raised to `limit` (through `sh -c "ulimit -n"`), or as it is. */
export function withFdLimit(cmd: string, args: string[], limit?: number): [string, string[]] {
  if (!limit) return [cmd, args];
  return ['sh', ['-c', `ulimit -n ${Math.floor(limit)} && exec "$@"`, 'sh', cmd, ...args]];
}

export interface ApiOptions {
  name: string;
  mainJs: string;
  databaseUrl: string;
  dataDir: string;
  jwtSecret: string;
  logDir: string;
  redisUrl?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Raise the open-files limit to this (10,000 sockets need more than a default 1,024). */
  fdLimit?: number;
  /** Run on these CPUs only (a `taskset -c` list, e.g. "0"). */
  cpus?: string;
}

/** `node apps/api/dist/main.js` on a free loopback port, with the limits a load test would trip raised. */
export async function startApi(opts: ApiOptions): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: opts.dataDir,
    JWT_SECRET: opts.jwtSecret,
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: '',
    MESSAGE_RATE_PER_SECOND: '1000000',
    MESSAGE_BURST: '1000000',
    REGISTER_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000000',
    MEMBERSHIP_CHANGES_PER_MINUTE: '1000000',
    // the load's own sockets send far below it, but a short generator stall makes each socket catch up in a burst
    SOCKET_EVENTS_PER_SECOND: '1000000',
    SOCKET_EVENT_BURST: '1000000',
    // where a send's time goes (GET /api/metrics), read around the half-rate step
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    // the push phase's push service runs on loopback (http is allowed for a loopback host listed here)
    PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
  };
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const node = [process.execPath, ...(opts.nodeFlags ?? []), opts.mainJs];
  const [cmd, args] = opts.cpus
    ? withFdLimit('taskset', ['-c', opts.cpus, ...node], opts.fdLimit)
    : withFdLimit(node[0]!, node.slice(1), opts.fdLimit);
  const { proc } = spawnLogged(opts.name, cmd, args, env, logFile);
  const server: Server = { name: opts.name, url: `http://127.0.0.1:${port}`, port, proc, pid: proc.pid!, logFile };
  running.add(server);
  try {
    await waitHealthy(server, 60_000);
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  return server;
}

export async function startRelay(relayJs: string, logDir: string, fdLimit?: number): Promise<Server> {
  const port = await freePort();
  const logFile = join(logDir, 'relay.log');
  const [cmd, args] = withFdLimit(process.execPath, [relayJs], fdLimit);
  const { proc } = spawnLogged('relay', cmd, args, { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1' }, logFile);
  const server: Server = { name: 'relay', url: `http://127.0.0.1:${port}`, port, proc, pid: proc.pid!, logFile };
  running.add(server);
  await waitHealthy(server, 20_000);
  return server;
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedis(logDir: string): Promise<Server> {
  const port = await freePort();
  const logFile = join(logDir, 'redis.log');
  const { proc } = spawnLogged(
    'redis',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { PATH: process.env.PATH ?? '' },
    logFile,
  );
  const server: Server = { name: 'redis', url: `redis://127.0.0.1:${port}`, port, proc, pid: proc.pid!, logFile };
  running.add(server);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.end('PING\r\n');
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return server;
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`redis-server did not start: see ${logFile}`);
    await sleep(100);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopServer(server: Server | undefined, graceMs = 15_000): Promise<void> {
  if (!server) return;
  running.delete(server);
  const { proc } = server;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
}

/** At once, without waiting: SIGTERM to every server still running (the bench itself is being stopped). */
export function signalAll(): void {
  for (const s of running) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => stopServer(s, 5000)));
}

export interface Database {
  url: string;
  dir: string;
  /** Extensions loaded at start: pg_stat_statements (statement counts) and auto_explain (plans of real queries). */
  instrumented: boolean;
  /** Lines PostgreSQL logs while a capture is on. */
  capture: { on: boolean; text: string };
  stop(): Promise<void>;
}

/**
 * The bench's own PostgreSQL (embedded-postgres, as the app starts it), on a free port. It is restarted once with
 * pg_stat_statements and auto_explain preloaded, both idle (track = none, no plan logging) until a phase turns them
 * on; when that fails the bench goes on without them.
 */
export async function startDatabase(dir: string): Promise<Database> {
  const capture = { on: false, text: '' };
  const log = (line: string) => {
    if (capture.on) capture.text += line + '\n';
  };
  let db: EmbeddedDatabase = await startEmbeddedPostgres({ dir, database: 'chat', log });
  let instrumented = false;
  try {
    await query(db.url, [
      `ALTER SYSTEM SET shared_preload_libraries = pg_stat_statements, auto_explain`,
      `ALTER SYSTEM SET pg_stat_statements.track = 'none'`,
      `ALTER SYSTEM SET auto_explain.log_min_duration = -1`,
      `ALTER SYSTEM SET auto_explain.log_analyze = on`,
      `ALTER SYSTEM SET auto_explain.log_buffers = on`,
      `ALTER SYSTEM SET auto_explain.log_timing = on`,
    ]);
    await db.stop();
    db = await startEmbeddedPostgres({ dir, database: 'chat', log });
    await query(db.url, ['CREATE EXTENSION IF NOT EXISTS pg_stat_statements']);
    instrumented = true;
  } catch {
    // back to a plain server: forget the settings (the file ALTER SYSTEM writes) and start again
    await db.stop().catch(() => undefined);
    writeFileSync(join(dir, 'postgresql.auto.conf'), '# settings reset by the bench\n');
    db = await startEmbeddedPostgres({ dir, database: 'chat', log });
  }
  return { url: db.url, dir, instrumented, capture, stop: () => db.stop() };
}

/** Runs statements one after another on a short-lived connection. */
export async function query(url: string, statements: string[]): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: pg.QueryResult[] = [];
    for (const sql of statements) out.push(await client.query(sql));
    return out;
  } finally {
    await client.end();
  }
}

/**
 * Moves these processes, their children and every thread of each, to the given CPUs (`taskset -a -p -c`); answers
 * how many it moved. Processes started by them later inherit it.
 */
export function pinTrees(roots: number[], cpus: string): number {
  let moved = 0;
  for (const pid of roots.flatMap((root) => processTree(root))) {
    if (spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' }).status === 0) moved += 1;
  }
  return moved;
}

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}
