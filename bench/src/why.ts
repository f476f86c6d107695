import type { StepFigures } from './generators.js';
import type { ProfileSummary } from './profile.js';
import { fmt } from './report.js';
import type { Results, TargetResult } from './results.js';
import { msPer } from './util.js';

/** A target the run did not meet, and what the run's own figures say about why. */
export interface Miss {
  target: string;
  why: string;
}

const CPU_KEYS = ['server', 'postgres', 'generator', 'redis', 'other', 'steal'] as const;

/** `server 73 %, PostgreSQL 43 %, generator 44 %, other 0 % of a core: 160 % of the machine's 200 %` */
function cpuOf(step: StepFigures, cores: number): string {
  const present = CPU_KEYS.filter((k) => step.cpu[k] !== undefined);
  const parts = present.map((k) => `${k === 'postgres' ? 'PostgreSQL' : k === 'steal' ? 'steal time' : k} ${step.cpu[k]} %`);
  const busy = present.reduce((n, k) => n + step.cpu[k]!, 0);
  return `${parts.join(', ')} of a core: ${busy} % of the machine's ${cores * 100} %`;
}

/** The profile's socket writes (`writev` and `writeBuffer`, to the clients and PostgreSQL). */
const SOCKET_WRITES = new Set(['writev', 'writeBuffer']);

/** `socket writes 45.6 % of its busy time, garbage collection 13.4 %, then node (core) 7.8 %, app 7.2 %, …` */
function profileOf(p: ProfileSummary | null | undefined): string | null {
  if (!p) return null;
  const writes = p.topPackages.filter((e) => SOCKET_WRITES.has(e.name)).reduce((n, e) => n + e.pct, 0);
  const gc = p.topPackages.find((e) => e.name === '(garbage collector)')?.pct ?? 0;
  const rest = p.topPackages
    .filter((e) => !SOCKET_WRITES.has(e.name) && e.name !== '(garbage collector)')
    .slice(0, 4)
    .map((e) => `${e.name} ${e.pct} %`);
  return (
    `socket writes (\`writev\` and \`writeBuffer\`, to the clients and PostgreSQL) ${Math.round(writes * 10) / 10} % of its ` +
    `busy time, garbage collection ${gc} %, then ${rest.join(', ')}`
  );
}

/**
 * For each target the run missed, a sentence from the run's own figures: how busy the machine's cores were in the step
 * that decided it, where the API spent its time (the CPU profile at saturation), where a send waited (the API's
 * metrics at half load), and what the relay did at the same rate.
 */
export function whyNotMet(r: Results): Miss[] {
  const cores = Number(r.machine.cpus) || 1;
  const app = r.app;
  const relay = r.relay;
  const hb = app?.halfBreakdown;
  const profile = profileOf(r.profile?.summary);
  const relayAt = (rate: number | undefined) => relay?.steps.concat(relay.extra).find((s) => s.rate === rate) ?? null;
  const waits = hb
    ? `On the server at half load a send spent ${fmt.ms(hb.queuedMs)} ms waiting for the statement before it (group commit), ` +
      `${fmt.ms(hb.statementMs)} ms in its own statement (the commit waits for the disk flush) and ${fmt.ms(hb.otherMs)} ms ` +
      `in the rest of the event (checks, presentation, the ack, waiting for the event loop: its delay p99 ` +
      `${fmt.ms(hb.loopDelayP99Ms)} ms, the deliveries and acks of the sends ahead on the same thread).`
    : '';
  const misses: Miss[] = [];
  for (const t of r.targets) {
    if (t.met !== false) continue;
    let why: string | null = null;
    if (t.name === 'sustained throughput vs relay' && app) {
      const failed = app.steps.find((s) => s.rate === app.firstFail && !s.pass);
      const srv = msPer(app.atSustained?.cpu.server, app.atSustained?.sentPerSec);
      const rel = relay?.atSustained ? msPer(relay.atSustained.cpu.server, relay.atSustained.sentPerSec) : null;
      why =
        (failed ? `At the first rate that failed (${fmt.n(failed.rate)} msg/s: ${failed.why}) the CPU was ${cpuOf(failed, cores)}. ` : '') +
        'One API process runs its JavaScript on one core and shares the machine with PostgreSQL and the load generator; ' +
        'the relay shares it with the generator only and does no work of its own per message beyond the socket writes. ' +
        (srv !== null && rel !== null
          ? `At their sustained rates the API spent ${srv.toFixed(3)} ms of CPU per message and the relay ${rel.toFixed(3)} ms ` +
            `(${(srv / rel).toFixed(2)}×), so while both are CPU-bound the API carries about that much less. `
          : '') +
        (profile ? `The API's profile at saturation: ${profile} (tables below).` : '');
    } else if (t.name === 'latency at 1,000 msg/s' && app) {
      const s = app.steps.find((st) => st.rate === 1000 && !st.label);
      const rl = relayAt(1000);
      why =
        (s ? `At 1,000 msg/s the CPU was ${cpuOf(s, cores)}; the acks' p99 was ${fmt.ms(s.ack.p99)} ms. ` : '') +
        (rl
          ? `The relay (no database, no checks) had p50 / p99 ${fmt.ms(rl.latency.p50)} / ${fmt.ms(rl.latency.p99)} ms at that rate. `
          : '') +
        waits;
    } else if (t.name === 'p99 at half the sustained rate' && app?.half) {
      const h = app.half;
      const stalled = hb && hb.queuedMs > 2 * hb.statementMs;
      why =
        `At ${fmt.n(h.rate)} msg/s: p50 ${fmt.ms(h.latency.p50)}, p99 ${fmt.ms(h.latency.p99)}, max ${fmt.ms(h.latency.max)} ms; ` +
        `the CPU was ${cpuOf(h, cores)}. ` +
        waits +
        (stalled
          ? " The queue wait is over twice the statement time: sends piled up in the writer's queue while a statement, or the " +
            'event loop that starts the next one once it is answered, stalled (a checkpoint or autovacuum in PostgreSQL, ' +
            'its backend or the API waiting for a core).'
          : '');
    } else if (t.name === 'CPU per message at half load (server + PostgreSQL)' && app?.half) {
      const h = app.half;
      const rh = relay?.extra.find((s) => s.label === 'app half');
      const srv = msPer(h.cpu.server, h.sentPerSec);
      const rel = rh ? msPer(rh.cpu.server, rh.sentPerSec) : null;
      const write = (r.profile?.pgStatements ?? []).find((s) => /unnest\(/.test(String(s.query)));
      why =
        (srv !== null && rel !== null
          ? `The relay, which makes the same socket writes (each message to ${fmt.n(h.deliveredPerSec / h.sentPerSec)} ` +
            `sockets and an ack), spent ${rel.toFixed(3)} ms per message at this rate; the API's ${srv.toFixed(3)} ms is that ` +
            `plus ${(srv - rel).toFixed(3)} ms of its own work per message. `
          : '') +
        (profile ? `Its profile at saturation: ${profile}. ` : '') +
        (write
          ? `In PostgreSQL each message is a row of the group commit's statement (${String(write.calls)} statements in the ` +
            `profiled step, ${String(write.mean_ms)} ms each): the insert with its seq, the membership check, the room's ` +
            'counter, the indexes (the search column and its two GIN indexes among them: `--search-indexes off` measures ' +
            'them), and a WAL flush per statement.'
          : '');
    } else if (t.name === 'p99 of messages in a reaction storm' && r.reactions) {
      const x = r.reactions;
      why =
        `Messages only: p99 ${fmt.ms(x.plain.latency.p99)} ms, CPU ${cpuOf(x.plain, cores)}. With reactions: p99 ` +
        `${fmt.ms(x.storm.latency.p99)} ms, CPU ${cpuOf(x.storm, cores)}` +
        (x.relayP99 !== null ? `; the relay's p99 at the same rate was ${fmt.ms(x.relayP99)} ms` : '') +
        '. A p99 is the 1 % slowest of the step: on a shared machine one stall of the API, PostgreSQL or the generator moves it.';
    } else if ((t.name === 'big room fan-out' || t.name === 'huge room') && (t.name === 'big room fan-out' ? r.bigRoom : r.hugeRoom)) {
      const b = (t.name === 'big room fan-out' ? r.bigRoom : r.hugeRoom)!;
      const huge = t.name === 'huge room' ? r.hugeRoom : undefined;
      why =
        `Fan-out p50 / p99 / max ${fmt.ms(b.room.latency.p50)} / ${fmt.ms(b.room.latency.p99)} / ${fmt.ms(b.room.latency.max)} ms ` +
        `while the other rooms' sends had p99 ${fmt.ms(b.load.latency.p99)} ms; the CPU was ${cpuOf(b.load, cores)}` +
        (huge ? `; joins p99 ${fmt.ms(huge.joins.p99)} ms, history p99 ${fmt.ms(huge.history.p99)} ms` : '') +
        ". A message to the room is encoded once and written to each online member's socket in one go, so its last " +
        'recipients wait for the writes to the first ones and for whatever the event loop was doing when it arrived.';
    } else if (t.name === 'history page p99' && r.history) {
      const h = r.history;
      const api = h.newestServer;
      why =
        `Timed one request at a time from a client process of its own: newest p50 / p99 ${fmt.ms(h.newest.p50)} / ` +
        `${fmt.ms(h.newest.p99)} ms, deep ${fmt.ms(h.deep.p50)} / ${fmt.ms(h.deep.p99)} ms. ` +
        (api
          ? `The API's own timing of the newest pages (arrival to answer): p99 ${fmt.ms(api.p99Ms)} ms; meanwhile ` +
            `${api.minorGcs} young collections took ${fmt.ms(api.minorGcMs)} ms in all and the event loop's delay p99 was ` +
            `${fmt.ms(api.loopDelayP99Ms)} ms. `
          : '') +
        'PostgreSQL answers the page statement itself in well under a millisecond (EXPLAIN below): the rest of a slow ' +
        'request is time when the API, its database backend or the client was not running on one of the two cores, or ' +
        'a young collection.';
    } else if ((t.name === 'search a word' || t.name === 'search part of words' || t.name === 'around= page') && r.search) {
      const se = r.search;
      why =
        `Word p50 / p99 ${fmt.ms(se.word.p50)} / ${fmt.ms(se.word.p99)} ms, part of words ${fmt.ms(se.part.p50)} / ` +
        `${fmt.ms(se.part.p99)} ms` +
        (se.around ? `, around= ${fmt.ms(se.around.p50)} / ${fmt.ms(se.around.p99)} ms` : '') +
        (se.aroundServer ? ` (the API's own timing of around=: p99 ${fmt.ms(se.aroundServer.p99Ms)} ms)` : '') +
        '. The plans and timings of each statement are in the EXPLAIN ANALYZE section below.';
    } else if (t.name === 'two processes with Redis vs one') {
      why = scaleOutWhy(r.scaleOut?.one, r.scaleOut?.two, r.projection, cores);
    }
    misses.push({
      target: `${t.name} (${t.value}; target ${t.target})`,
      why: why ?? 'This run has no figures that bear on it beyond the table and the sections below.',
    });
  }
  return misses;
}

function scaleOutWhy(
  one: TargetResult | undefined,
  two: TargetResult | undefined,
  projection: Results['projection'],
  cores: number,
): string {
  const step = two?.steps.find((s) => s.rate === two.firstFail && !s.pass);
  return (
    (step ? `At the first rate two processes failed (${fmt.n(step.rate)} msg/s) the CPU was ${cpuOf(step, cores)}. ` : '') +
    (projection
      ? `Per message the server side spent ${projection.serverMsOne} ms with one process and ${projection.serverMsTwo} ms with ` +
        'two (each process also decodes the broadcasts of the other, from Redis). '
      : '') +
    `One process on Redis sustained ${fmt.n(one?.sustained)} msg/s and two ${fmt.n(two?.sustained)}.`
  );
}
