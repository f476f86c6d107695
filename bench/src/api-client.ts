import http from 'node:http';

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
 * Sequential timed GETs (after a warm-up) on one keep-alive connection, in milliseconds. Fails on any non-2xx answer.
 *
 * They go through `node:http`, not `fetch`: on these 2-core machines fetch's own work (WHATWG streams and headers,
 * and the collections they cause in this process, which share the cores with the API and PostgreSQL) put its p99
 * against a bare Node server that answers a fixed 10 KB at 3.3 ms, where `http.get` measures 1.3–1.9 ms; against the
 * API's history pages 7.8–9.6 ms where `http.get` measured 2.2–5.1 ms in the same runs. The timed figure is the server's.
 */
export async function timeGets(base: string, path: string, token: string, warmup: number, count: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${base}/api${path}`);
  const options: http.RequestOptions = {
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    agent,
    headers: { authorization: `Bearer ${token}` },
  };
  const get = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + count; i++) {
      const t0 = performance.now();
      const res = await get();
      const ms = performance.now() - t0;
      if (res.status < 200 || res.status >= 300) throw new HttpError(res.status, res.body, `GET ${path}`);
      if (i >= warmup) times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return times;
}
