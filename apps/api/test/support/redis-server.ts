import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createClient } from 'redis';
import { freePort } from '../../src/database/embedded-postgres.js';

/** Whether a Redis is at hand: REDIS_URL, or a `redis-server` binary to start a throwaway one. */
export const redisAvailable = Boolean(process.env.REDIS_URL) || spawnSync('redis-server', ['--version']).status === 0;

export interface TestRedis {
  url: string;
  /** Whether this Redis is a throwaway server of the test (which `kill` and `start` may stop and start again). */
  owned: boolean;
  /** Kills the server at once (SIGKILL), as a crash or a network cut would look to the app. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** REDIS_URL when set, else a throwaway `redis-server` on a free loopback port (no persistence), once it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const given = process.env.REDIS_URL;
  if (given) {
    const refuse = () => Promise.reject(new Error('REDIS_URL is not ours to stop'));
    return { url: given, owned: false, kill: refuse, start: refuse, stop: async () => undefined };
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | undefined;
  const halt = async (signal: NodeJS.Signals) => {
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc!.once('exit', r));
    proc.kill(signal);
    await exited;
  };
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await answering(url);
  };
  await start();
  return { url, owned: true, kill: () => halt('SIGKILL'), start, stop: () => halt('SIGTERM') };
}

async function answering(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.quit();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
