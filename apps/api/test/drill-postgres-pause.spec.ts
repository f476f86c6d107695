import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { type ApiProcess, call, health, registerVia, type RemoteUser, sleep, spawnApi, stopApi } from './support/api-process.js';
import { catchUp, reconnectingSocket } from './support/drill-client.js';
import { sql } from './support/sql.js';

const PAUSE_MS = 10_000;
const QUEUE_MAX = 200;
/** Generous: the API idles near 150 MB; an unbounded queue under this load would pass it within the pause. */
const RSS_CAP_KB = 450 * 1024;

/** The postmaster of the cluster in `dir` and every process it started (backends, checkpointer, WAL writer, …). */
function postgresPids(dir: string): number[] {
  const postmaster = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the fields after the command name (which may hold spaces) start with the state, then the parent pid
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) children.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return [postmaster, ...children];
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

interface Attempt {
  clientId: string;
  via: 'socket' | 'rest';
  /** 'acked' with the seq, 'refused' with the error code, or 'unanswered' (no answer within the client's time-out). */
  outcome: 'pending' | 'acked' | 'refused' | 'unanswered';
  seq?: number;
  code?: string;
}

/**
 * Fault drill: PostgreSQL frozen (SIGSTOP on the postmaster and all its processes) for 10 s while clients keep
 * sending over Socket.IO and REST, each send once under its own clientId. The API must stay bounded: the message
 * writer's queue stops at MESSAGE_QUEUE_MAX and further sends are refused at once (503 UNAVAILABLE), so its memory does
 * not grow with the pause; every send is answered once, acked or refused; and after SIGCONT every acked message is in
 * the history, exactly once, where its ack said, and no refused one is.
 */
describe('drill: PostgreSQL paused under load', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let api: ApiProcess;
  let stopped: number[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-drill-pause-'));
    chmodSync(dir, 0o755);
    db = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: await freePort(), database: 'chat' });
    api = await spawnApi({
      DATABASE_URL: db.url,
      DATA_DIR: join(dir, 'data'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      REGISTER_LIMIT_PER_IP: '1000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
      SOCKET_EVENTS_PER_SECOND: '100000',
      SOCKET_EVENT_BURST: '100000',
      MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
      MESSAGE_QUEUE_MAX: String(QUEUE_MAX),
    });
  }, 60_000);

  afterAll(async () => {
    // never leave the cluster frozen, whatever failed
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    for (const s of sockets) s.close();
    await stopApi(api);
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('answers every send once (acked or refused), keeps memory bounded, and loses nothing acked', async () => {
    const [alice, bob, carol] = [
      await registerVia(api.url, 'alice'),
      await registerVia(api.url, 'bob'),
      await registerVia(api.url, 'carol'),
    ];
    const room = (await call<{ id: string }>(api.url, 'POST', '/rooms', alice.token, { name: 'pause drill', visibility: 'public' })).body
      .id;
    for (const u of [bob, carol]) expect((await call(api.url, 'POST', `/rooms/${room}/join`, u.token)).status).toBe(200);
    const socketOf = async (u: RemoteUser) => {
      const s = reconnectingSocket(api.url, u.token);
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      return s;
    };
    const [aliceWs, bobWs] = [await socketOf(alice), await socketOf(bob)];

    // open-loop senders: a send every 10 ms on each socket, one every 40 ms over REST, none waiting for the last
    const attempts: Attempt[] = [];
    const inflight: Array<Promise<void>> = [];
    let n = 0;
    const sendSocket = (s: Socket, who: string) => {
      const a: Attempt = { clientId: `${who}-${n++}`, via: 'socket', outcome: 'pending' };
      attempts.push(a);
      inflight.push(
        s
          .timeout(PAUSE_MS + 15_000)
          .emitWithAck('message:send', { roomId: room, clientId: a.clientId, body: a.clientId })
          .then(
            (ack: { ok: boolean; message?: { seq: number }; error?: { code: string } }) => {
              if (ack.ok) Object.assign(a, { outcome: 'acked', seq: ack.message!.seq });
              else Object.assign(a, { outcome: 'refused', code: ack.error?.code });
            },
            () => void (a.outcome = 'unanswered'),
          ),
      );
    };
    const sendRest = (u: RemoteUser) => {
      const a: Attempt = { clientId: `rest-${n++}`, via: 'rest', outcome: 'pending' };
      attempts.push(a);
      inflight.push(
        call<{ seq: number; code: string }>(
          api.url,
          'POST',
          `/rooms/${room}/messages`,
          u.token,
          { clientId: a.clientId, body: a.clientId },
          PAUSE_MS + 15_000,
        ).then((res) => {
          if (res.status === 201) Object.assign(a, { outcome: 'acked', seq: res.body.seq });
          else if (res.status === 0) a.outcome = 'unanswered';
          else Object.assign(a, { outcome: 'refused', code: res.body?.code ?? String(res.status) });
        }),
      );
    };
    const timers = [
      setInterval(() => sendSocket(aliceWs, 'alice'), 10),
      setInterval(() => sendSocket(bobWs, 'bob'), 10),
      setInterval(() => sendRest(carol), 40),
    ];
    const rss: number[] = [];
    const depths: number[] = [];
    const rssTimer = setInterval(() => rss.push(rssKb(api.proc.pid!)), 200);
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const h = await health(api.url);
        if (h.body) depths.push(Number(h.body.queueDepth));
        await sleep(300);
      }
    })();

    try {
      await sleep(1500);
      const rssBefore = rssKb(api.proc.pid!);
      const pgDir = join(dir, 'pg');
      stopped = postgresPids(pgDir);
      for (const pid of stopped) process.kill(pid, 'SIGSTOP');
      const sentBeforePause = attempts.length;
      await sleep(PAUSE_MS);
      const duringPause = attempts.slice(sentBeforePause);
      for (const pid of [...stopped].reverse()) process.kill(pid, 'SIGCONT');
      stopped = [];
      await sleep(1500);
      for (const t of timers) clearInterval(t);
      await Promise.all(inflight);
      clearInterval(rssTimer);
      watching = false;
      await watcher;

      // refused at once while the database was frozen: the queue was full, not growing
      expect(duringPause.filter((a) => a.outcome === 'refused' && a.code === 'UNAVAILABLE').length).toBeGreaterThan(0);
      expect(Math.max(...depths)).toBeGreaterThan(0);
      expect(Math.max(...depths)).toBeLessThanOrEqual(QUEUE_MAX);
      // memory bounded: under the cap, and not grown by more than a modest amount over the pause
      expect(Math.max(...rss)).toBeLessThan(RSS_CAP_KB);
      expect(Math.max(...rss) - rssBefore).toBeLessThan(200 * 1024);

      // every send answered once: acked or refused, nothing left hanging
      expect(attempts.filter((a) => a.outcome === 'pending' || a.outcome === 'unanswered')).toEqual([]);
      const refusedCodes = new Set(attempts.filter((a) => a.outcome === 'refused').map((a) => a.code));
      expect([...refusedCodes].filter((c) => c !== 'UNAVAILABLE' && c !== 'INTERNAL')).toEqual([]);
      const acked = attempts.filter((a) => a.outcome === 'acked');
      expect(acked.length).toBeGreaterThan(0);
      expect(acked.filter((a) => a.via === 'rest').length).toBeGreaterThan(0);

      // after the resume: every acked message is in the history exactly once at its seq; nothing refused was stored
      const history = await catchUp(api.url, alice.token, room, 0);
      const byClientId = new Map<string, number[]>();
      for (const m of history) byClientId.set(m.clientId, [...(byClientId.get(m.clientId) ?? []), m.seq]);
      for (const a of acked)
        expect({ clientId: a.clientId, seqs: byClientId.get(a.clientId) }).toEqual({ clientId: a.clientId, seqs: [a.seq] });
      const refused = attempts.filter((a) => a.outcome === 'refused');
      expect(refused.filter((a) => byClientId.has(a.clientId)).map((a) => a.clientId)).toEqual([]);
      expect(history).toHaveLength(acked.length);
      // seqs gap-free, as the database holds them
      const [row] = await sql<{ n: string; max: string; last_seq: string }>(
        db.url,
        `SELECT count(m.id) AS n, max(m.seq) AS max, r.last_seq FROM rooms r LEFT JOIN messages m ON m.room_id = r.id WHERE r.id = $1 GROUP BY r.id`,
        [room],
      );
      expect({ n: Number(row!.n), max: Number(row!.max) }).toEqual({ n: Number(row!.last_seq), max: Number(row!.last_seq) });

      // and the process serves again, without a restart
      expect((await health(api.url)).status).toBe(200);
      const after = (await aliceWs.timeout(5000).emitWithAck('message:send', { roomId: room, clientId: 'after-pause', body: 'fine' })) as {
        ok: boolean;
      };
      expect(after.ok).toBe(true);
    } finally {
      for (const t of timers) clearInterval(t);
      clearInterval(rssTimer);
      watching = false;
    }
  }, 60_000);
});
