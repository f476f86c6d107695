import { fork } from 'node:child_process';
import { timerJs } from './paths.js';
import type { TimerAnswer, TimerRequest } from './timer.js';

/** The few REST calls the bench makes to set up users and rooms, and timed GETs for the latency figures. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 200)}`);
  }
}

export async function call<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, text, `${method} ${path}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface BenchUser {
  id: string;
  username: string;
  token: string;
}

export const PASSWORD = 'bench-password-0123';

export async function register(base: string, username: string): Promise<BenchUser> {
  const res = await call<{ token: string; user: { id: string } }>(base, 'POST', '/auth/register', undefined, {
    username,
    email: `${username}@bench.test`,
    password: PASSWORD,
    displayName: username,
  });
  return { id: res.user.id, username, token: res.token };
}

export async function createRoom(base: string, token: string, name: string): Promise<string> {
  const room = await call<{ id: string }>(base, 'POST', '/rooms', token, { name, visibility: 'public' });
  return room.id;
}

export async function joinRoom(base: string, token: string, roomId: string): Promise<void> {
  await call(base, 'POST', `/rooms/${roomId}/join`, token);
}

/** Runs `fn` over `items` with at most `concurrency` in flight; reports progress as items finish. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
  onDone?: (n: number) => void,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
      done += 1;
      onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return out;
}

/**
 * Sequential timed GETs (after a warm-up), in milliseconds, made by a small process of their own (`timer.ts`) on one
 * keep-alive connection through `node:http`. Fails on any non-2xx answer.
 *
 * Not `fetch`, and not from this process: on these 2-core machines fetch's own work (WHATWG streams and headers, and
 * the collections they cause) put its p99 against a bare Node server that answers a fixed 10 KB at 3.3 ms, where
 * `http.get` measures 1.3–1.9 ms; and from this process, which holds a whole run's users, sockets and results, the
 * newest history pages' p99 was 9.8 ms where the API's own timing of them said 4.5 ms. The timed figure is the server's.
 */
export async function timeGets(base: string, path: string, token: string, warmup: number, count: number): Promise<number[]> {
  const child = fork(timerJs, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const answer = await new Promise<TimerAnswer>((resolve, reject) => {
      child.once('message', (m) => resolve(m as TimerAnswer));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the timing process exited (${code}) before answering`)));
      child.send({ url: `${base}/api${path}`, token, warmup, count } satisfies TimerRequest);
    });
    if ('times' in answer) return answer.times;
    throw new HttpError(answer.status, answer.body, `GET ${path}`);
  } finally {
    child.kill();
  }
}
