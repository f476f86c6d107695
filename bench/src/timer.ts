/**
 * A process of its own that times sequential GETs for `timeGets` (api-client.ts): one keep-alive connection through
 * `node:http`, a fresh heap, nothing else to do. Receives one `TimerRequest`, answers one `TimerAnswer`, exits.
 */
import http from 'node:http';

export interface TimerRequest {
  url: string;
  token: string;
  warmup: number;
  count: number;
}

/** The times in milliseconds, or the first answer that was not 2xx. */
export type TimerAnswer = { times: number[] } | { status: number; body: string };

async function run(req: TimerRequest): Promise<TimerAnswer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(req.url);
  const options: http.RequestOptions = {
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    agent,
    headers: { authorization: `Bearer ${req.token}` },
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
    for (let i = 0; i < req.warmup + req.count; i++) {
      const t0 = performance.now();
      const res = await get();
      const ms = performance.now() - t0;
      if (res.status < 200 || res.status >= 300) return res;
      if (i >= req.warmup) times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return { times };
}

process.once('message', (req: TimerRequest) => {
  void run(req).then(
    (answer) => process.send!(answer, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
