import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/database/embedded-postgres.js';

/** The built server (`pnpm build` first, as the test command does), started the way `npm start` starts it. */
export const MAIN_JS = join(dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export interface ApiProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process printed (stdout and stderr), for failure messages and log checks. */
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node dist/main.js` on a free loopback port (or `port`), with only PATH from the test's environment plus
 * `env`, and waits until GET /api/health answers 200.
 */
export async function spawnApi(
  env: Record<string, string>,
  opts: { port?: number; healthyWithinMs?: number; nodeFlags?: string[] } = {},
): Promise<ApiProcess> {
  const port = opts.port ?? (await freePort());
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', WEB_DIST_DIR: '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const api: ApiProcess = { url: `http://127.0.0.1:${port}`, port, proc, output: () => out, exited };
  try {
    await waitHealthy(api, opts.healthyWithinMs ?? 45_000);
  } catch (err) {
    // not left running: it would hold its database (and the run's end) after the test gave up on it
    await stopApi(api, 'SIGKILL', 5_000);
    throw err;
  }
  return api;
}

/** Polls GET /api/health until it answers 200; fails if the process exits or the time is up. */
export async function waitHealthy(api: ApiProcess, withinMs = 45_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (api.proc.exitCode !== null || api.proc.signalCode !== null) {
      throw new Error(`API process exited (${api.proc.exitCode ?? api.proc.signalCode}) before it was healthy:\n${api.output()}`);
    }
    if ((await health(api.url)).status === 200) return;
    await sleep(100);
  }
  throw new Error(`API at ${api.url} was not healthy within ${withinMs} ms:\n${api.output()}`);
}

/** GET /api/health: status 0 when nothing answers (within 3 s). */
export async function health(url: string): Promise<{ status: number; body: Record<string, string> | null }> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  } catch {
    return { status: 0, body: null };
  }
}

/** Sends `signal` and waits for the exit (SIGKILL after `withinMs`); resolves with the exit and how long it took. */
export async function stopApi(
  api: ApiProcess | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
  withinMs = 25_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number } | null> {
  if (!api) return null;
  const started = Date.now();
  if (api.proc.exitCode === null && api.proc.signalCode === null) api.proc.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([api.exited, new Promise<null>((r) => (timer = setTimeout(() => r(null), withinMs)))]);
  clearTimeout(timer);
  if (!result) {
    api.proc.kill('SIGKILL');
    return { ...(await api.exited), ms: Date.now() - started };
  }
  return { ...result, ms: Date.now() - started };
}

export interface CallResult<T> {
  status: number;
  body: T;
}

/** One JSON request; status 0 (and a null body) when the connection failed. */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<CallResult<T>> {
  try {
    const res = await fetch(`${url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  } catch {
    return { status: 0, body: null as T };
  }
}

export interface RemoteUser {
  token: string;
  id: string;
  username: string;
}

/** Registers a fresh user through the API. */
export async function registerVia(url: string, prefix: string): Promise<RemoteUser> {
  const username = `${prefix}_${randomBytes(4).toString('hex')}`;
  const res = await call<{ token: string; user: { id: string } }>(url, 'POST', '/auth/register', undefined, {
    username,
    email: `${username}@example.test`,
    password: 'correct horse battery',
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, id: res.body.user.id, username };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; fails with `what` after `withinMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, withinMs = 15_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
