import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, WEB_DIST } from './paths.js';

export interface RunningApp {
  /** http://127.0.0.1:<port>, serving the API under /api and the SPA at /. */
  baseUrl: string;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A port the OS says is free now. Machines are shared: never assume 3000 or 5432. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Stops a PostgreSQL left behind by a server that had to be killed (it runs as its own process). */
function stopOrphanPostgres(dataDir: string): void {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    /* already gone */
  }
}

/**
 * Starts the real, built app: `node apps/api/dist/main.js` on a free port, with a fresh DATA_DIR and no DATABASE_URL,
 * so the API runs its own embedded PostgreSQL there, and serves the built SPA from apps/web/dist. The DATA_DIR is a
 * copy of the build's first start (`ensureTemplate`): a cluster with every migration run and nobody's data.
 * Resolves once GET /api/health answers 200.
 */
export interface StartAppOptions {
  timeoutMs?: number;
  /** More environment for the API, given the port it will listen on. */
  env?: (port: number) => Record<string, string>;
}

export async function startApp({ timeoutMs = 90_000, env: extraEnv }: StartAppOptions = {}): Promise<RunningApp> {
  for (const [what, path] of [
    ['the API', API_MAIN],
    ['the web app', join(WEB_DIST, 'index.html')],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: build ${what} first (pnpm -r build)`);
  }

  const template = await ensureTemplate(timeoutMs);
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the "postgres" user when we are root
  if (template) copyDir(template, dataDir);
  return launch(dataDir, timeoutMs, extraEnv);
}

const TEMPLATE_PREFIX = 'chat-e2e-template-';

/**
 * The DATA_DIR of a first start of this build (cluster made, migrations run, secrets generated, no row of anyone's),
 * made once per build so that each app starts from a copy of it instead of running initdb and every migration again
 * (about 4 s, once per test file). Null when it could not be made cleanly (the apps then start from nothing).
 */
async function ensureTemplate(timeoutMs: number): Promise<string | null> {
  const template = join(tmpdir(), `${TEMPLATE_PREFIX}${Math.round(statSync(API_MAIN).mtimeMs)}`);
  if (existsSync(template)) return template;
  const dir = mkdtempSync(join(tmpdir(), 'chat-e2e-first-'));
  chmodSync(dir, 0o755);
  const first = await launch(dir, timeoutMs, undefined, { keepDir: true });
  await first.stop();
  // a cluster that had to be killed is not clean enough to copy
  if (existsSync(join(dir, 'postgres', 'postmaster.pid'))) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  try {
    renameSync(dir, template);
  } catch {
    rmSync(dir, { recursive: true, force: true }); // another run made it first
  }
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (name.startsWith(TEMPLATE_PREFIX) && path !== template) rmSync(path, { recursive: true, force: true });
  }
  return existsSync(template) ? template : null;
}

/** `cp -a`: the cluster's files keep their owner (the "postgres" user when we are root) and modes. */
function copyDir(from: string, to: string): void {
  const res = spawnSync('cp', ['-a', `${from}/.`, to], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`cp -a ${from} ${to} failed: ${res.stderr}`);
}

async function launch(
  dataDir: string,
  timeoutMs: number,
  extraEnv: StartAppOptions['env'],
  { keepDir = false }: { keepDir?: boolean } = {},
): Promise<RunningApp> {
  const port = await freePort();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: WEB_DIST,
  };
  for (const name of ['DATABASE_URL', 'JWT_SECRET', 'PUBLIC_URL', 'WEB_ORIGINS', 'REDIS_URL', 'SMTP_URL', 'LOG_PRETTY']) delete env[name];
  Object.assign(env, extraEnv?.(port));

  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 25_000).unref());
      if ((await Promise.race([exited(child), timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited(child);
        stopOrphanPostgres(dataDir);
      }
    }
    if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the API exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the API was not healthy within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`, { cause: err });
  }

  return { baseUrl, output: () => output, stop };
}
