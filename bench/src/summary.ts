import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRun } from './context.js';
import type { Percentiles } from './histogram.js';
import { fmt, markdownTable, stepsTable, svgChart, type Row, type Series } from './report.js';
import type { Results, TargetResult } from './results.js';
import { SCALE_OUT_CORES } from './phases/scale-out.js';
import { msPer, round2 } from './util.js';
import { whyNotMet } from './why.js';

/** The end of a run: the summary table and targets, the warning of a shared machine, and the result files. */

const fmtPair = (p: unknown) => {
  const q = p as Percentiles;
  return `${q.p50.toFixed(2)} / ${q.p99.toFixed(2)}`;
};

/** The final table (terminal and markdown) and the targets, from the figures of every phase that ran. */
export function summarise(run: BenchRun): void {
  const r = run.results;
  const o = run.opts;
  const app = r.app;
  const relay = r.relay;
  const rows: Row[] = [];
  const targets: Results['targets'] = [];
  const met = (ok: boolean | null): Row['met'] => (ok === null ? '' : ok ? '✓' : '✗');
  const lb = (t: TargetResult | undefined) => (t?.sustainedIsLowerBound ? '≥ ' : '');
  /** The sustained rate as text: "≥ N" when every rate passed, "< N" when even the lowest failed. */
  const sus = (t: TargetResult | undefined) =>
    !t ? '—' : t.sustained === null ? (t.firstFail ? `< ${fmt.n(t.firstFail)}` : '—') : `${lb(t)}${fmt.n(t.sustained)}`;
  const relayAt = (label: string) => relay?.extra.find((s) => s.label === label) ?? null;

  const sustainedRatio = app?.sustained && relay?.sustained ? app.sustained / relay.sustained : null;
  r.ratios.sustained = sustainedRatio === null ? null : round2(sustainedRatio);
  // with history stored (the setup seeded it) the target is 75 % of the relay, on an empty database 65 %
  const withHistory = (r.setup?.historyMessages ?? 0) > 0;
  const sustainedTarget = withHistory ? 0.75 : 0.65;
  const okSustained = sustainedRatio === null ? null : sustainedRatio >= sustainedTarget;
  rows.push({
    figure:
      `Sustained send rate, msg/s (p99 ≤ ${o.p99Ms} ms, no errors)` +
      (withHistory ? `, ${fmt.n(r.setup!.historyMessages)} messages stored` : ''),
    app: sus(app),
    relay: sus(relay),
    ratio: fmt.pct(app?.sustained, relay?.sustained),
    target: `≥ ${sustainedTarget * 100} % of relay`,
    met: met(okSustained),
  });
  targets.push({
    name: 'sustained throughput vs relay',
    value: fmt.pct(app?.sustained, relay?.sustained),
    target: `≥ ${sustainedTarget * 100} %`,
    met: okSustained,
  });
  // the latency target is set at 1,000 msg/s (the step of that rate, when the run had one)
  const at1000 = app?.steps.find((st) => st.rate === 1000 && !st.label);
  const relay1000 = relay?.steps.find((st) => st.rate === 1000 && !st.label);
  const okLatency = at1000 ? at1000.latency.p50 <= 3 && at1000.latency.p99 <= 15 : null;
  rows.push({
    figure: 'Send → delivery at 1,000 msg/s: p50 / p99, ms',
    app: at1000 ? `${fmt.ms(at1000.latency.p50)} / ${fmt.ms(at1000.latency.p99)}` : '—',
    relay: relay1000 ? `${fmt.ms(relay1000.latency.p50)} / ${fmt.ms(relay1000.latency.p99)}` : '—',
    ratio: fmt.ratio(at1000?.latency.p99, relay1000?.latency.p99, ' (p99)'),
    target: 'p50 ≤ 3, p99 ≤ 15 ms',
    met: met(okLatency),
  });
  targets.push({
    name: 'latency at 1,000 msg/s',
    value: at1000 ? `${fmt.ms(at1000.latency.p50)} / ${fmt.ms(at1000.latency.p99)} ms` : '—',
    target: 'p50 ≤ 3, p99 ≤ 15 ms',
    met: okLatency,
  });
  rows.push({
    figure: 'Deliveries / s at that rate',
    app: fmt.n(app?.atSustained?.deliveredPerSec),
    relay: fmt.n(relay?.atSustained?.deliveredPerSec),
    ratio: fmt.pct(app?.atSustained?.deliveredPerSec, relay?.atSustained?.deliveredPerSec),
    target: '',
    met: '',
  });
  const rs = relayAt('app sustained');
  const as = app?.atSustained;
  rows.push({
    figure: `Latency p50 / p99 / max at the app's sustained rate (${fmt.n(app?.sustained)}/s), ms`,
    app: as ? `${fmt.ms(as.latency.p50)} / ${fmt.ms(as.latency.p99)} / ${fmt.ms(as.latency.max)}` : '—',
    relay: rs ? `${fmt.ms(rs.latency.p50)} / ${fmt.ms(rs.latency.p99)} / ${fmt.ms(rs.latency.max)}` : '—',
    ratio: fmt.ratio(as?.latency.p99, rs?.latency.p99, ' (p99)'),
    target: '',
    met: '',
  });
  const ah = app?.half;
  const rh = relayAt('app half');
  const okHalf = ah ? ah.latency.p99 <= 50 && ah.pass : null;
  r.ratios.p99AtHalf = ah && rh?.latency.p99 ? round2(ah.latency.p99 / rh.latency.p99) : null;
  rows.push({
    figure: `p99 at half that rate (${fmt.n(ah?.rate)}/s), ms`,
    app: fmt.ms(ah?.latency.p99),
    relay: fmt.ms(rh?.latency.p99),
    ratio: fmt.ratio(ah?.latency.p99, rh?.latency.p99),
    target: '≤ 50 ms',
    met: met(okHalf),
  });
  targets.push({
    name: 'p99 at half the sustained rate',
    value: ah ? `${fmt.ms(ah.latency.p99)} ms` : '—',
    target: '≤ 50 ms',
    met: okHalf,
  });
  const hb = app?.halfBreakdown;
  rows.push({
    figure: `Where a send's time goes on the server at half load (${fmt.n(ah?.rate)}/s), mean ms: queue wait + statement (commit) + the rest = the whole event; sends per statement; event loop delay p99`,
    app: hb
      ? `${fmt.ms(hb.queuedMs)} + ${fmt.ms(hb.statementMs)} + ${fmt.ms(hb.otherMs)} = ${fmt.ms(hb.eventMs)}; ${hb.perStatement.toFixed(1)}; ${fmt.ms(hb.loopDelayP99Ms)}`
      : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p50 ≤ 3, p99 ≤ 15 ms end to end at 1,000/s',
    met: '',
  });
  // CPU per persisted message and per delivery at half load: % of a core × 10 / (messages a second) = ms each
  const srvMsg = msPer(ah?.cpu.server, ah?.sentPerSec);
  const pgMsg = msPer(ah?.cpu.postgres, ah?.sentPerSec);
  const okCost = srvMsg === null || pgMsg === null ? null : srvMsg <= 0.25 && pgMsg <= 0.05;
  rows.push({
    figure: `CPU per message at half load (${fmt.n(ah?.rate)}/s): server + PostgreSQL ms per message; server ms per delivery`,
    app:
      srvMsg === null
        ? '—'
        : `${srvMsg.toFixed(3)} + ${pgMsg?.toFixed(3) ?? '—'}; ${msPer(ah?.cpu.server, ah?.deliveredPerSec)?.toFixed(3) ?? '—'} per delivery`,
    relay: rh
      ? `${msPer(rh.cpu.server, rh.sentPerSec)?.toFixed(3) ?? '—'}; ${msPer(rh.cpu.server, rh.deliveredPerSec)?.toFixed(3) ?? '—'}`
      : '—',
    ratio: fmt.ratio(srvMsg ?? undefined, msPer(rh?.cpu.server, rh?.sentPerSec) ?? undefined),
    target: '≤ 0.25 + 0.05 ms',
    met: met(okCost),
  });
  targets.push({
    name: 'CPU per message at half load (server + PostgreSQL)',
    value: srvMsg === null ? '—' : `${srvMsg.toFixed(3)} + ${pgMsg?.toFixed(3) ?? '—'} ms`,
    target: '≤ 0.25 + 0.05 ms',
    met: okCost,
  });
  const su = r.setup;
  if (su?.perUserMsWithHistory != null && su.perUserMsEmpty) {
    const okSetup = su.perUserMsWithHistory <= su.perUserMsEmpty * 1.1;
    rows.push({
      figure: `Setup (register, make or join a room) per user: empty database → with ${fmt.n(su.historyMessages)} messages stored, ms`,
      app: `${su.perUserMsEmpty} → ${su.perUserMsWithHistory}`,
      relay: 'n/a',
      ratio: fmt.ratio(su.perUserMsWithHistory, su.perUserMsEmpty),
      target: 'no slower (≤ 1.1×)',
      met: met(okSetup),
    });
    targets.push({
      name: 'setup with history vs empty database',
      value: fmt.ratio(su.perUserMsWithHistory, su.perUserMsEmpty),
      target: '≤ 1.1×',
      met: okSetup,
    });
  }
  const rt = r.roundTrips;
  rows.push({
    figure: 'Database statements per message:send (one at a time) / per history page',
    app: rt ? `${rt.perSend} / ${rt.perHistoryPage}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'no more than now (smoke test)',
    met: '',
  });
  const rx = r.reactions;
  // the storm holds the send path when the messages' p99 stays within half again of the same rate without reactions
  const okStorm = rx ? rx.storm.pass && rx.storm.latency.p99 <= rx.plain.latency.p99 * 1.5 : null;
  r.ratios.p99WithReactions = rx?.relayP99 ? round2(rx.storm.latency.p99 / rx.relayP99) : null;
  rows.push({
    figure:
      `p99 of messages at ${fmt.n(rx?.rate)} sends/s with ${rx ? Math.round(rx.share * 100) : 10} % of them reactions, ms` +
      (rx ? ` (${fmt.n(rx.storm.reactions.acked)} reactions, ${fmt.n(rx.storm.reactions.updates)} reaction:updated received)` : ''),
    app: rx ? `${fmt.ms(rx.storm.latency.p99)} (messages only ${fmt.ms(rx.plain.latency.p99)})` : '—',
    relay: fmt.ms(rx?.relayP99),
    ratio: fmt.ratio(rx?.storm.latency.p99, rx?.relayP99),
    target: '≤ 1.5 × messages only, no errors',
    met: met(okStorm),
  });
  targets.push({
    name: 'p99 of messages in a reaction storm',
    value: rx ? `${fmt.ms(rx.storm.latency.p99)} ms (without ${fmt.ms(rx.plain.latency.p99)} ms)` : '—',
    target: '≤ 1.5 × without',
    met: okStorm,
  });
  const br = r.bigRoom;
  const okBig = br ? br.room.latency.p99 <= 50 && br.room.lost === 0 && br.room.errors === 0 : null;
  rows.push({
    figure:
      `Big room: ${br?.members ?? 500} members, ${br?.online ?? 200} online, ${br?.rate ?? 20} msg/s while the load chats at ${fmt.n(br?.loadRate)}/s: ` +
      'fan-out p50 / p99, ms; server CPU per delivery, ms',
    app: br
      ? `${fmt.ms(br.room.latency.p50)} / ${fmt.ms(br.room.latency.p99)}; ${br.cpuPerDeliveryMs === null ? '—' : br.cpuPerDeliveryMs.toFixed(3)}`
      : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p99 ≤ 50 ms',
    met: met(okBig),
  });
  targets.push({ name: 'big room fan-out', value: br ? `${fmt.ms(br.room.latency.p99)} ms` : '—', target: 'p99 ≤ 50 ms', met: okBig });
  const hr = r.hugeRoom;
  const okHuge = hr
    ? hr.room.latency.p99 <= 50 && hr.room.lost === 0 && hr.room.errors === 0 && hr.joins.p99 <= 50 && hr.history.p99 <= 50
    : null;
  rows.push({
    figure:
      `Huge room: ${fmt.n(hr?.members ?? 10_000)} members, ${hr?.online ?? 100} online, ${hr?.rate ?? 20} msg/s beside the load: ` +
      'fan-out p50 / p99; a newcomer joining p50 / p99; its history page p50 / p99, ms',
    app: hr
      ? `${fmt.ms(hr.room.latency.p50)} / ${fmt.ms(hr.room.latency.p99)}; ${fmt.ms(hr.joins.p50)} / ${fmt.ms(hr.joins.p99)}; ` +
        `${fmt.ms(hr.history.p50)} / ${fmt.ms(hr.history.p99)}`
      : '—',
    relay: 'n/a',
    ratio: '',
    target: 'each p99 ≤ 50 ms (as the big room)',
    met: met(okHuge),
  });
  targets.push({ name: 'huge room', value: hr ? `${fmt.ms(hr.room.latency.p99)} ms` : '—', target: 'p99 ≤ 50 ms', met: okHuge });
  const pu = r.push;
  rows.push({
    figure: `Web Push: pushes/s the delivery queue sends to a loopback push service (${pu ? `${fmt.n(pu.subscriptions)} devices, ${pu.rooms} messages mentioning their owners` : '—'}); the causing sends' p50, ms`,
    app: pu ? `${fmt.n(pu.perSecond)}/s (${fmt.n(pu.received)}/${fmt.n(pu.expected)} in ${pu.seconds} s); ${fmt.ms(pu.send.p50)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'every push delivered; printed',
    met: met(pu ? pu.received === pu.expected : null),
  });
  const rd = r.roomDelete;
  // "keeps its usual latency": the same rate's p99 measured just before, in the same run, is the usual
  const okDelete = rd ? rd.during.pass && rd.during.latency.p99 <= rd.before.latency.p99 * 1.5 : null;
  r.ratios.p99WhileDeleting = rd?.relayP99 ? round2(rd.during.latency.p99 / rd.relayP99) : null;
  rows.push({
    figure:
      `p99 of other rooms' sends (${fmt.n(rd?.rate)}/s) while a ${fmt.n(rd?.messages ?? o.deleteMessages)}-message room is deleted, ms` +
      (rd ? ` (rows gone in ${rd.deleteSeconds} s${rd.coveredWindow ? '' : ', shorter than the window'})` : ''),
    app: rd ? `${fmt.ms(rd.during.latency.p99)} (before ${fmt.ms(rd.before.latency.p99)})` : '—',
    relay: fmt.ms(rd?.relayP99),
    ratio: fmt.ratio(rd?.during.latency.p99, rd?.relayP99),
    target: '≤ 1.5 × before, no errors',
    met: met(okDelete),
  });
  targets.push({
    name: 'p99 of other rooms while a big room is deleted',
    value: rd ? `${fmt.ms(rd.during.latency.p99)} ms (before ${fmt.ms(rd.before.latency.p99)} ms)` : '—',
    target: '≤ 1.5 × before',
    met: okDelete,
  });
  const dp = r.dbPause;
  rows.push({
    figure: `Server RSS while PostgreSQL is stopped ${dp?.seconds ?? o.dbPauseS} s at ${fmt.n(dp?.rate)}/s: before → max → after, MB`,
    app: dp ? `${fmt.mb(dp.rssBeforeKb)} → ${fmt.mb(dp.rssMaxKb)} → ${fmt.mb(dp.rssAfterKb)}` : '—',
    relay: fmt.mb(dp?.relayRssKb),
    ratio: fmt.ratio(dp?.rssMaxKb, dp?.relayRssKb, ' (max)'),
    target: 'bounded',
    met: '',
  });
  rows.push({
    figure: 'Server CPU at the sustained rate, % of a core',
    app: as ? `${as.cpu.server ?? '—'} + PostgreSQL ${as.cpu.postgres ?? '—'}` : '—',
    relay: rs ? `${rs.cpu.server ?? '—'}` : '—',
    ratio: as && rs ? fmt.ratio((as.cpu.server ?? 0) + (as.cpu.postgres ?? 0), rs.cpu.server) : '—',
    target: '',
    met: '',
  });
  rows.push({
    figure: 'Generator CPU at that rate, % of a core',
    app: as ? `${as.cpu.generator ?? '—'}` : '—',
    relay: rs ? `${rs.cpu.generator ?? '—'}` : '—',
    ratio: '',
    target: '',
    met: '',
  });
  rows.push({
    figure: 'Server RSS after that step, MB',
    app: as ? `${fmt.mb(as.rssKb.server)} + PostgreSQL ${fmt.mb(as.rssKb.postgres)} (Pss)` : '—',
    relay: rs ? fmt.mb(rs.rssKb.server) : '—',
    ratio: as && rs ? fmt.ratio(as.rssKb.server, rs.rssKb.server) : '—',
    target: '',
    met: '',
  });
  const ia = r.idle?.app;
  const ir = r.idle?.relay;
  // judged on the larger of the two: a server whose RSS was still falling from an earlier phase (the database pause
  // leaves buffers behind) shows almost nothing per socket over the whole run, but the second half still tells
  const idleKb = ia?.perSocketKb != null ? Math.max(ia.perSocketKb, ia.marginalKb ?? 0) : null;
  const okIdle = idleKb !== null && ia!.connected > 0 ? idleKb <= 20 : null;
  r.ratios.rssPerIdleSocket = ia?.perSocketKb && ir?.perSocketKb ? round2(ia.perSocketKb / ir.perSocketKb) : null;
  rows.push({
    figure: `RSS per idle authenticated socket (${fmt.n(ia?.connected ?? o.idleSockets)} sockets), KB`,
    app: ia ? `${fmt.kb(ia.perSocketKb)} (2nd half ${fmt.kb(ia.marginalKb)})` : '—',
    relay: ir ? `${fmt.kb(ir.perSocketKb)} (2nd half ${fmt.kb(ir.marginalKb)})` : '—',
    ratio: fmt.ratio(ia?.perSocketKb, ir?.perSocketKb),
    target: '≤ 20 KB',
    met: met(okIdle),
  });
  targets.push({
    name: 'RSS per idle authenticated socket',
    value: idleKb !== null ? `${fmt.kb(idleKb)} KB` : '—',
    target: '≤ 20 KB',
    met: okIdle,
  });
  const h = r.history;
  const okHist = h ? Math.max(h.newest.p99, h.deep.p99) <= 5 : null;
  rows.push({
    figure: `History, newest page, ${fmt.n(h?.messages ?? o.history)} messages: p50 / p99, ms`,
    app: h ? `${fmt.ms(h.newest.p50)} / ${fmt.ms(h.newest.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p99 ≤ 5 ms',
    met: met(h ? h.newest.p99 <= 5 : null),
  });
  rows.push({
    figure: `History, deep page (before ${fmt.n(h?.deepBefore)}): p50 / p99, ms`,
    app: h ? `${fmt.ms(h.deep.p50)} / ${fmt.ms(h.deep.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p99 ≤ 5 ms',
    met: met(h ? h.deep.p99 <= 5 : null),
  });
  const hs = h?.newestServer;
  rows.push({
    figure:
      'History, newest page, inside the API: its own timing p50 / p99 (ms, read off its histogram); GC pauses meanwhile: scavenges, full or incremental steps (count, ms in all); event loop delay p99, ms',
    app: hs
      ? `${fmt.ms(hs.p50Ms)} / ${fmt.ms(hs.p99Ms)}; ${hs.minorGcs} (${fmt.ms(hs.minorGcMs)}), ${hs.majorGcs} (${fmt.ms(hs.majorGcMs)}); ${fmt.ms(hs.loopDelayP99Ms)}`
      : '—',
    relay: 'n/a',
    ratio: '',
    target: '',
    met: '',
  });
  targets.push({
    name: 'history page p99',
    value: h ? `${fmt.ms(Math.max(h.newest.p99, h.deep.p99))} ms` : '—',
    target: '≤ 5 ms',
    met: okHist,
  });
  const se = r.search;
  const okWord = se ? se.word.p50 <= 20 && se.word.p99 <= 80 : null;
  const okPart = se ? se.part.p99 <= 150 : null;
  const okAround = se?.around ? se.around.p99 <= 10 : null;
  rows.push({
    figure: `Search a word, ${fmt.n(se?.messages ?? o.searchMessages)} messages in ${fmt.n(se?.rooms ?? o.searchRooms)} rooms, user in ${se?.userRooms ?? o.searchUserRooms}: p50 / p99, ms`,
    app: se ? `${fmt.ms(se.word.p50)} / ${fmt.ms(se.word.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p50 ≤ 20, p99 ≤ 80 ms',
    met: met(okWord),
  });
  targets.push({
    name: 'search a word',
    value: se ? `${fmt.ms(se.word.p50)} / ${fmt.ms(se.word.p99)} ms` : '—',
    target: 'p50 ≤ 20, p99 ≤ 80 ms',
    met: okWord,
  });
  rows.push({
    figure: 'Search a 4-character part of words: p50 / p99, ms',
    app: se ? `${fmt.ms(se.part.p50)} / ${fmt.ms(se.part.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p99 ≤ 150 ms',
    met: met(okPart),
  });
  targets.push({ name: 'search part of words', value: se ? `${fmt.ms(se.part.p99)} ms` : '—', target: 'p99 ≤ 150 ms', met: okPart });
  rows.push({
    figure: `History around= a message, ${fmt.n(h?.messages ?? o.history)} messages: p50 / p99, ms`,
    app: se?.around ? `${fmt.ms(se.around.p50)} / ${fmt.ms(se.around.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: 'p99 ≤ 10 ms',
    met: met(okAround),
  });
  targets.push({ name: 'around= page', value: se?.around ? `${fmt.ms(se.around.p99)} ms` : '—', target: 'p99 ≤ 10 ms', met: okAround });
  const rl = r.roomsList;
  rows.push({
    figure: `GET /rooms, user in ${rl?.rooms ?? o.roomsList} rooms: p50 / p99, ms`,
    app: rl ? `${fmt.ms(rl.latency.p50)} / ${fmt.ms(rl.latency.p99)}` : '—',
    relay: 'n/a',
    ratio: '',
    target: '',
    met: '',
  });
  const so = r.scaleOut;
  const two = so?.two;
  const one = so?.one;
  // The target compares like with like: two processes on Redis against one process on Redis (the single process
  // without Redis when that run is missing); both ratios are printed.
  const base = one?.sustained ? one : app;
  const scaleRatio = two && base?.sustained ? (two.sustained ?? 0) / base.sustained : null;
  r.ratios.twoProcessesVsOneWithoutRedis = two?.sustained && app?.sustained ? round2(two.sustained / app.sustained) : null;
  r.ratios.twoProcessesVsOneOnRedis = two?.sustained && one?.sustained ? round2(two.sustained / one.sustained) : null;
  // Two processes can only show a gain with a core each beside PostgreSQL and the generator (4 cores: the scale-out
  // phase pins them, see phases/scale-out.ts); with fewer the two share the cores and the projection below stands in.
  const cores = Number(r.machine.cpus) || 1;
  const scaleJudged = cores >= SCALE_OUT_CORES;
  const okScale = scaleRatio === null || !scaleJudged ? null : scaleRatio >= 1.6;
  if (one) {
    rows.push({
      figure: 'One API process on Redis: sustained msg/s',
      app: sus(one),
      relay: fmt.n(relay?.sustained),
      ratio: fmt.pct(one.sustained, relay?.sustained),
      target: '',
      met: '',
    });
  }
  rows.push({
    figure: `Two API processes on Redis: sustained msg/s${so?.skipped ? ` (skipped: ${so.skipped})` : ''}${so?.pinning ? `; pinning: ${so.pinning}` : ''}`,
    app: sus(two),
    relay: fmt.n(relay?.sustained),
    ratio: two
      ? `${fmt.pct(two.sustained, relay?.sustained)}; ${fmt.ratio(two.sustained, one?.sustained)} one on Redis, ` +
        `${fmt.ratio(two.sustained, app?.sustained)} one without`
      : '—',
    target: scaleJudged
      ? '≥ 1.6× one process on Redis (a core each)'
      : `≥ 1.6× one process on Redis, with a core each: needs ${SCALE_OUT_CORES} cores, this machine has ${cores}; the projection below stands in`,
    met: met(okScale),
  });
  targets.push({
    name: 'two processes with Redis vs one',
    value: scaleRatio === null ? '—' : `${scaleRatio.toFixed(2)}×`,
    target: scaleJudged ? '≥ 1.6×' : `≥ 1.6× (judged on ${SCALE_OUT_CORES}+ cores only)`,
    met: okScale,
  });
  // Projection: CPU per message with one and with two processes on Redis at a rate both sustained; each process
  // beyond the first adds (two − one) per message (it also decodes the others' broadcasts). N processes with a core
  // each carry N × 1000 / (one + (N − 1) × extra) msg/s, up to PostgreSQL's ceiling: one core of its CPU per message.
  const common = (one?.steps ?? [])
    .filter((st) => st.pass && !st.label)
    .map((st) => st.rate)
    .filter((rate) => two?.steps.some((st) => st.pass && !st.label && st.rate === rate))
    .sort((x, y) => y - x)[0];
  const at = (t: TargetResult | undefined) => t?.steps.find((st) => st.rate === common && !st.label);
  const oneAt = at(one);
  const twoAt = at(two);
  if (oneAt && twoAt && oneAt.cpu.server !== undefined && twoAt.cpu.server !== undefined) {
    const serverMsOne = (oneAt.cpu.server * 10) / oneAt.sentPerSec;
    const serverMsTwo = (twoAt.cpu.server * 10) / twoAt.sentPerSec;
    const extra = Math.max(0, serverMsTwo - serverMsOne);
    const pgMs = as?.cpu.postgres !== undefined && as.sentPerSec ? (as.cpu.postgres * 10) / as.sentPerSec : null;
    const ceiling = pgMs ? Math.round(1000 / pgMs) : null;
    const projected = [4, 8, 16].map((n) => {
      const api = Math.round((n * 1000) / (serverMsOne + (n - 1) * extra));
      const limited = ceiling !== null && api > ceiling;
      return { processes: n, msgPerSec: limited ? ceiling! : api, limitedBy: limited ? ('postgres' as const) : ('api' as const) };
    });
    r.projection = {
      rate: common!,
      serverMsOne: round2(serverMsOne),
      serverMsTwo: round2(serverMsTwo),
      redisMsTwo: twoAt.cpu.redis !== undefined ? round2((twoAt.cpu.redis * 10) / twoAt.sentPerSec) : null,
      postgresCeiling: ceiling,
      projected,
    };
    rows.push({
      figure:
        `Scale-out at ${fmt.n(common)} msg/s: server CPU ms per message, one → two processes; Redis ms and bytes per message` +
        ` (${so?.redisBytesPerMessageOne ?? '—'} B with one)`,
      app: `${serverMsOne.toFixed(3)} → ${serverMsTwo.toFixed(3)}; Redis ${r.projection.redisMsTwo ?? '—'} ms, ${so?.redisBytesPerMessageTwo ?? '—'} B`,
      relay: 'n/a',
      ratio: fmt.ratio(serverMsTwo, serverMsOne),
      target: '',
      met: '',
    });
    rows.push({
      figure: `Projected msg/s with 4 / 8 / 16 processes (a core each; PostgreSQL ceiling ${fmt.n(ceiling)} msg/s)`,
      app: projected.map((p) => `${fmt.n(p.msgPerSec)}${p.limitedBy === 'postgres' ? ' (PG)' : ''}`).join(' / '),
      relay: 'n/a',
      ratio: '',
      target: '',
      met: '',
    });
  }
  r.table = rows;
  r.targets = targets;
  r.whyNotMet = whyNotMet(r);
}

/**
 * A warning when other work used the machine during the load steps (median `other` CPU over 25 % of a core) or its
 * host took the cores for other machines (median steal time over 10 % of a core).
 */
export function noise(run: BenchRun): string | null {
  const r = run.results;
  const steps = [r.app, r.relay, r.scaleOut?.one, r.scaleOut?.two].flatMap((t) => t?.steps ?? []);
  const medianOf = (key: string) => {
    const values = steps
      .map((s) => s.cpu[key])
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    return values.length === 0 ? undefined : values[Math.floor(values.length / 2)]!;
  };
  const median = medianOf('other');
  if (median === undefined) return null;
  const steal = medianOf('steal') ?? 0;
  r.machine.otherCpuMedianPercent = median;
  r.machine.stealCpuMedianPercent = steal;
  const warnings = [
    median > 25 ? `other processes used a median ${median} % of a core during the load steps: this machine was shared` : null,
    steal > 10 ? `the hypervisor took a median ${steal} % of a core (steal time) during the load steps: its host was busy` : null,
  ].filter((w) => w !== null);
  return warnings.length === 0 ? null : `${warnings.join('; ')}; the figures are noisy`;
}

/** Writes `<out>/<name>.json`, `.md` and `.svg`; returns their paths. */
export function writeResults(run: BenchRun): { json: string; md: string; svg: string } {
  const r = run.results;
  const o = run.opts;
  const base = join(o.out, o.name);
  const series: Series[] = [];
  if (r.app) series.push({ name: 'app (1 process)', color: '#1f6fd1', steps: r.app.steps });
  if (r.relay) series.push({ name: 'relay (ceiling)', color: '#e07b00', steps: r.relay.steps });
  if (r.scaleOut?.one) series.push({ name: 'app, 1 process + Redis', color: '#8a5cc7', steps: r.scaleOut.one.steps });
  if (r.scaleOut?.two) series.push({ name: 'app, 2 processes + Redis', color: '#2a9d4b', steps: r.scaleOut.two.steps });
  const svg = svgChart(
    series,
    o.p99Ms,
    `Chat bench ${r.startedAt.slice(0, 16).replace('T', ' ')} — ${r.machine.cpus} cores, ${o.users} users, rooms of ${Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets`,
  );
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown(run, `${o.name}.svg`));
  return { json: `${base}.json`, md: `${base}.md`, svg: `${base}.svg` };
}

function markdown(run: BenchRun, svgName: string): string {
  const r = run.results;
  const o = run.opts;
  const m = r.machine;
  const out: string[] = [
    `# Chat bench — ${r.mode} run, ${r.startedAt.slice(0, 19).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}; generator and servers share it. ` +
      `API: commit ${String((m.apiBuild as { commit?: string } | undefined)?.commit ?? '?')}, ` +
      `${String((m.apiBuild as { uncommittedFiles?: number } | undefined)?.uncommittedFiles ?? '?')} uncommitted files under apps/api and packages, ` +
      `dist built ${String((m.apiBuild as { distBuiltAt?: string } | undefined)?.distBuiltAt ?? '?')}. ` +
      `Load: ${o.users} users in ${r.setup?.rooms ?? o.rooms} rooms of ${r.setup?.roomSize ?? Math.ceil(o.users / o.rooms)}, ${o.sockets} sockets, ` +
      `${o.workers} generator process(es), ${o.bodyBytes}-byte bodies; each step ${o.warmupS} s warm-up + ${o.stepS} s measured. Took ${r.durationSeconds ?? '?'} s.`,
    '',
    markdownTable(r.table),
    '',
    ...(m.fsyncAtStart
      ? [
          `Disk, as a commit sees it (8 KB write + fdatasync in the data folder): p50 / p99 ${fmtPair(m.fsyncAtStart)} ms at the start, ` +
            `${m.fsyncAtEnd ? fmtPair(m.fsyncAtEnd) : '—'} ms at the end. Every commit waits for one such flush.`,
          '',
        ]
      : []),
    ...(r.machine.otherCpuMedianPercent !== undefined
      ? [
          `Other work on the machine during the load steps: a median ${r.machine.otherCpuMedianPercent} % of a core, and ${String(r.machine.stealCpuMedianPercent ?? 0)} % of a core taken by the hypervisor for other machines (steal time; load average ${String(r.machine.loadAverageAtStart)} at the start).`,
          '',
        ]
      : []),
    `![p99 latency and deliveries against offered load](${svgName})`,
    '',
    ...(r.whyNotMet?.length
      ? ["## Targets not met, and why (from this run's figures)", '', ...r.whyNotMet.map((m) => `- **${m.target}.** ${m.why}`), '']
      : []),
  ];
  for (const t of [r.app, r.relay, r.scaleOut?.one, r.scaleOut?.two]) {
    if (!t) continue;
    out.push(`## ${t.name}: steps`, '', stepsTable(t.name, [...t.steps]), '');
  }
  for (const { label, summary: p } of r.profile?.windows ?? []) {
    out.push(
      `## Where the API spends its time: ${label} (node --cpu-prof, ${p.window})`,
      '',
      `Busy ${p.busyMs} ms of ${p.totalMs} ms sampled; garbage collection ${p.gcMs} ms. Self time counts the function itself; ` +
        '`writev`/`writeBuffer` are socket writes (system calls to PostgreSQL and to the clients).',
      '',
      '| self time, % of busy | function |',
      '|---:|---|',
      ...p.topFunctions.map((f) => `| ${f.pct} | \`${f.name}\` |`),
      '',
      '| self time, % of busy | package |',
      '|---:|---|',
      ...p.topPackages.map((f) => `| ${f.pct} | ${f.name} |`),
      '',
      '| inclusive, % of busy | app function |',
      '|---:|---|',
      ...p.appInclusive.map((f) => `| ${f.pct} | \`${f.name}\` |`),
      '',
    );
  }
  if (r.profile?.pgStatements.length) {
    out.push(
      `## PostgreSQL statements during the profiled message:send step (pg_stat_statements)`,
      '',
      '| calls | per message | total ms | mean ms | statement |',
      '|---:|---:|---:|---:|---|',
      ...r.profile.pgStatements.map(
        (s) =>
          `| ${s.calls} | ${s.perMessage ?? '—'} | ${s.total_ms} | ${s.mean_ms} | \`${String(s.query).replace(/\|/g, '\\|').slice(0, 160)}\` |`,
      ),
      '',
    );
  }
  if (r.explain?.length) {
    out.push('## EXPLAIN ANALYZE of every statement of a request (auto_explain)', '');
    for (const c of r.explain) {
      out.push(`### ${c.request}: ${c.statements} statements, ${c.totalMs.toFixed(2)} ms`, '', '```');
      for (const e of c.entries) out.push(`-- ${e.ms} ms: ${e.query.slice(0, 300)}`, e.plan, '');
      out.push('```', '');
    }
  }
  if (r.warnings.length) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  if (Object.keys(r.errors).length) {
    out.push('## Errors', '', ...Object.entries(r.errors).map(([k, v]) => `- ${k}: ${v}`), '');
  }
  return out.join('\n');
}
