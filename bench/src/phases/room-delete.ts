import pg from 'pg';
import { call, createRoom } from '../api-client.js';
import type { BenchContext } from '../context.js';
import { fmt } from '../report.js';
import { seedHistory } from '../seed.js';
import { round1 } from '../util.js';
import { connectLoad, runStep, watched } from './load-steps.js';
import { ensureApi } from './servers.js';

/**
 * Deleting a big room: the load sockets send into their own rooms at half the app's sustained rate (the rate of the
 * "p99 at half" figure, so the relay's step at that rate is the comparison), once as a baseline and once while a
 * room of `--delete-messages` messages is deleted through `DELETE /rooms/:id`. The deletion starts when the step's
 * measured window does; it is timed until the room's row is gone (its messages deleted in batches by the API).
 */
export async function roomDeletePhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  if (o.deleteMessages <= 0) return;
  const api = await ensureApi(ctx);
  const owner = ctx.users[0]!;
  const roomId = await createRoom(api.url, owner.token, 'bench deleted room');
  ctx.progress.update(`seeding ${fmt.n(o.deleteMessages)} messages in the room to delete`);
  await seedHistory(ctx.db.url, roomId, owner.id, o.deleteMessages, 'deleted-room-');

  const half = ctx.results.app?.half?.rate;
  const rate = half ?? o.rates[0]!;
  ctx.progress.update(`delete: connecting ${o.sockets} sockets`);
  const { conn, receivers } = await connectLoad(ctx, 'app', [api.url]);
  if (conn.connected.length === 0) throw new Error(`delete: no socket connected (${conn.errors.join('; ')})`);
  try {
    const watch = watched(ctx, [api]);
    const before = await runStep(ctx, 'delete', rate, receivers, watch, 'd', 'before');

    const timing = { answeredMs: 0, goneMs: 0 };
    const started = performance.now();
    const deletion = (async (): Promise<unknown> => {
      await new Promise((r) => setTimeout(r, o.warmupS * 1000));
      const watcher = new pg.Client({ connectionString: ctx.db.url });
      await watcher.connect();
      try {
        const t0 = performance.now();
        await call(api.url, 'DELETE', `/rooms/${roomId}`, owner.token);
        timing.answeredMs = performance.now() - t0;
        while ((await watcher.query('SELECT 1 FROM rooms WHERE id = $1', [roomId])).rowCount) {
          if (performance.now() - t0 > 300_000) throw new Error('the deleted room was still there after 5 minutes');
          await new Promise((r) => setTimeout(r, 100));
        }
        timing.goneMs = performance.now() - t0;
      } finally {
        await watcher.end();
      }
      return null;
    })().catch((err: unknown) => err ?? new Error('deletion failed'));
    const during = await runStep(ctx, 'delete', rate, receivers, watch, 'd', 'during deletion');
    const stepEndS = (performance.now() - started) / 1000;
    const failed = await deletion;
    if (failed) throw failed;
    const deleteSeconds = round1(timing.goneMs / 1000);
    const relayHalf = ctx.results.relay?.extra.find((s) => s.label === 'app half') ?? null;
    ctx.results.roomDelete = {
      messages: o.deleteMessages,
      rate,
      before,
      during,
      deleteAnsweredMs: round1(timing.answeredMs),
      deleteSeconds,
      // the deletion starts with the measured window: did it last all of it?
      coveredWindow: deleteSeconds >= o.stepS,
      stepSeconds: round1(stepEndS),
      relayP99: relayHalf?.latency.p99 ?? null,
    };
    ctx.progress.line(
      `delete: another room's p99 at ${fmt.n(rate)} msg/s while ${fmt.n(o.deleteMessages)} messages are deleted ${fmt.ms(during.latency.p99)} ms ` +
        `(before ${fmt.ms(before.latency.p99)} ms; relay ${fmt.ms(relayHalf?.latency.p99)} ms, ${fmt.ratio(during.latency.p99, relayHalf?.latency.p99)}); ` +
        `DELETE answered in ${fmt.ms(timing.answeredMs)} ms, rows gone after ${deleteSeconds} s`,
    );
  } finally {
    await ctx.gens.close('load');
  }
}
