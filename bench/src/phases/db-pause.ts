import type { BenchContext } from '../context.js';
import { postmasterPid, processTree, sampleTree } from '../proc-stats.js';
import { fmt } from '../report.js';
import { sleep } from '../util.js';
import { connectLoad, watched } from './load-steps.js';
import { ensureApi } from './servers.js';

/**
 * The database frozen under load: the load sockets send at half the app's sustained rate while PostgreSQL (its
 * postmaster and every backend) is stopped with SIGSTOP for `--db-pause` seconds, then continued. The API's RSS is
 * sampled every 200 ms before, during and after: a bounded writer queue keeps it flat (sends past MESSAGE_QUEUE_MAX
 * are refused at once). Compared with the relay's RSS at the same rate.
 */
export async function dbPausePhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  if (o.dbPauseS <= 0) return;
  const api = await ensureApi(ctx);
  const rate = ctx.results.app?.half?.rate ?? o.rates[0]!;
  ctx.progress.update(`db pause: connecting ${o.sockets} sockets`);
  const { conn, receivers } = await connectLoad(ctx, 'app', [api.url]);
  if (conn.connected.length === 0) throw new Error(`db pause: no socket connected (${conn.errors.join('; ')})`);
  const postmaster = postmasterPid(ctx.db.dir);
  if (!postmaster) throw new Error('db pause: no postmaster.pid');
  let stopped: number[] = [];
  const resume = () => {
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    stopped = [];
  };
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(sampleTree([api.pid]).rssKb), 200);
  try {
    const rssBeforeKb = sampleTree([api.pid]).rssKb;
    const step = ctx.gens.step({
      group: 'load',
      rate,
      warmupMs: o.warmupS * 1000,
      measureMs: (o.dbPauseS + 2) * 1000,
      ackTimeoutMs: (o.dbPauseS + o.ackTimeoutS) * 1000,
      bodyBytes: o.bodyBytes,
      receivers,
      clientTag: 'z',
      p99LimitMs: o.p99Ms,
      watch: watched(ctx, [api]),
    });
    step.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await sleep((o.warmupS + 1) * 1000);
    ctx.progress.update(`db pause: PostgreSQL stopped for ${o.dbPauseS} s under ${fmt.n(rate)} msg/s`);
    stopped = processTree(postmaster);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    await sleep(o.dbPauseS * 1000);
    resume();
    const figures = await step;
    clearInterval(sampler);
    const rssMaxKb = Math.max(rssBeforeKb, ...rss);
    const rssAfterKb = sampleTree([api.pid]).rssKb;
    const relayHalf = ctx.results.relay?.extra.find((s) => s.label === 'app half') ?? null;
    ctx.results.dbPause = {
      seconds: o.dbPauseS,
      rate,
      rssBeforeKb,
      rssMaxKb,
      rssAfterKb,
      relayRssKb: relayHalf?.rssKb.server ?? null,
      step: figures,
    };
    ctx.progress.line(
      `db pause: PostgreSQL stopped ${o.dbPauseS} s at ${fmt.n(rate)} msg/s: API RSS ${fmt.mb(rssBeforeKb)} → max ${fmt.mb(rssMaxKb)} → ${fmt.mb(rssAfterKb)} MB ` +
        `(relay ${fmt.mb(relayHalf?.rssKb.server)} MB, ${fmt.ratio(rssMaxKb, relayHalf?.rssKb.server)}); ` +
        `sent ${fmt.n(figures.sent)}, refused or failed ${fmt.n(figures.errors)} (${Object.entries(figures.ackErrors)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}), timeouts ${figures.timeouts}`,
    );
  } finally {
    clearInterval(sampler);
    resume();
    await ctx.gens.close('load');
  }
}
