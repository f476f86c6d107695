import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { freePort } from '../../src/database/embedded-postgres.js';

/** Whether a Redis is at hand: REDIS_URL, or a `redis-server` binary to start a throwaway one. */
export const redisAvailable = Boolean(process.env.REDIS_URL) || spawnSync('redis-server', ['--version']).status === 0;

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set, else a throwaway `redis-server` on a free loopback port (no persistence), once it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.quit();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
