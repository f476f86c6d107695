import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { timeGets } from '../api-client.js';
import type { BenchContext } from '../context.js';
import type { StepFigures } from '../generators.js';
import { relativeToRepo } from '../paths.js';
import { summariseProfile, type ProfileSummary } from '../profile.js';
import { fmt } from '../report.js';
import { query, stopServer } from '../servers.js';
import { nowUs, sleep } from '../util.js';
import { connectLoad, runStep, settle, watched } from './load-steps.js';
import { startApp } from './servers.js';

/**
 * The API restarted under `node --cpu-prof`: one load step at the saturating rate (with pg_stat_statements
 * counting), then history pages and GET /rooms; the profile is summarised for each of those windows.
 */
export async function profilePhase(ctx: BenchContext): Promise<void> {
  const app = ctx.results.app;
  const rate = app?.firstFail ?? (app?.sustained ? app.sustained * 2 : 500);
  const profDir = join(ctx.tmp, 'profile');
  mkdirSync(profDir, { recursive: true });
  await stopServer(ctx.api);
  ctx.progress.update('restarting the API with --cpu-prof');
  const prof = await startApp(ctx, 'api-profiled', {
    nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-name=api.cpuprofile'],
  });
  ctx.api = prof;
  let pgStatements: Array<Record<string, unknown>> = [];
  let stepFigures: StepFigures;
  const windows: Array<{ label: string; fromUs: number; toUs: number }> = [];
  try {
    const { receivers } = await connectLoad(ctx, 'app', [prof.url]);
    if (ctx.db.instrumented) {
      await query(ctx.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'top'`, 'SELECT pg_reload_conf()']);
      await sleep(300);
      await query(ctx.db.url, ['SELECT pg_stat_statements_reset()']);
    }
    const fromUs = nowUs() + ctx.opts.warmupS * 1e6;
    stepFigures = await runStep(ctx, 'profile', rate, receivers, watched(ctx, [prof]), 'p');
    windows.push({ label: `message:send at ${fmt.n(rate)} msg/s`, fromUs, toUs: fromUs + ctx.opts.stepS * 1e6 });
    if (ctx.db.instrumented) {
      const [res] = await query(ctx.db.url, [
        `SELECT calls, round(total_exec_time::numeric, 1)::float AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms, rows,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 240) AS query
           FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 20`,
      ]);
      // calls over the whole step (warm-up included) divided by the messages sent in it
      const sentTotal = stepFigures.sent * ((ctx.opts.warmupS + ctx.opts.stepS) / ctx.opts.stepS);
      pgStatements = (res?.rows ?? []).map((r: Record<string, unknown>) => ({
        ...r,
        perMessage: sentTotal ? Math.round((Number(r.calls) / sentTotal) * 100) / 100 : null,
      }));
      await query(ctx.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'none'`, 'SELECT pg_reload_conf()']);
    }
    await ctx.gens.close('load');
    await settle(ctx, { pids: [prof.pid] });
    const owner = ctx.users[0]!;
    if (ctx.historyRoom) {
      const t0 = nowUs();
      await timeGets(prof.url, `/rooms/${ctx.historyRoom}/messages?limit=50`, owner.token, 0, ctx.opts.historyRequests);
      windows.push({
        label: `GET /rooms/:id/messages (newest page) × ${ctx.opts.historyRequests}, one at a time`,
        fromUs: t0,
        toUs: nowUs(),
      });
    }
    if (ctx.listUser) {
      const t0 = nowUs();
      await timeGets(prof.url, '/rooms', ctx.listUser.token, 0, ctx.opts.listRequests);
      windows.push({
        label: `GET /rooms (${ctx.results.roomsList?.rooms ?? '?'} rooms) × ${ctx.opts.listRequests}, one at a time`,
        fromUs: t0,
        toUs: nowUs(),
      });
    }
  } finally {
    await stopServer(prof);
    ctx.api = undefined;
  }
  let file: string | null = null;
  const found = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  const summaries: Array<{ label: string; summary: ProfileSummary }> = [];
  if (found) {
    const dest = join(ctx.opts.out, 'profile');
    mkdirSync(dest, { recursive: true });
    file = join(dest, `${ctx.opts.name}-api.cpuprofile`);
    copyFileSync(join(profDir, found), file);
    for (const w of windows) summaries.push({ label: w.label, summary: summariseProfile(file, w) });
  }
  const first = summaries[0]?.summary ?? null;
  ctx.results.profile = {
    rate,
    step: stepFigures,
    summary: first,
    window: first?.window ?? 'none',
    windows: summaries,
    pgStatements,
    file: file ? relativeToRepo(file) : null,
  };
  for (const { label, summary } of summaries) {
    ctx.progress.line(`profile, ${label} (${summary.window}): busy ${summary.busyMs} ms, GC ${summary.gcMs} ms; top self time:`);
    for (const f of summary.topFunctions.slice(0, 6)) ctx.progress.line(`    ${String(f.pct).padStart(5)} %  ${f.name}`);
  }
  ctx.progress.update('restarting the API');
  ctx.api = await startApp(ctx, 'api');
}
