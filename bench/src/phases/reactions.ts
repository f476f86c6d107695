import type { BenchContext } from '../context.js';
import { fmt } from '../report.js';
import { connectLoad, runStep, watched } from './load-steps.js';
import { ensureApi } from './servers.js';

/** One send in `REACTION_EVERY` is a reaction (issue 18's storm: 10 % of sends). */
const REACTION_EVERY = 10;

/**
 * A reaction storm: the load sockets send at half the app's sustained rate, once with messages only and once with
 * every tenth send a `reaction:set` (each socket toggling one emoji on its last acked message, so every one changes
 * state and is broadcast as `reaction:updated` to its room). The messages' latency and the server's CPU with the storm
 * against without show what reactions cost the send path; the fan-out of `reaction:updated` is one emission per room.
 */
export async function reactionsPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  const rate = ctx.results.app?.half?.rate ?? ctx.opts.rates[0]!;
  ctx.progress.update(`reactions: connecting ${ctx.opts.sockets} sockets`);
  const { conn, receivers } = await connectLoad(ctx, 'app', [api.url]);
  if (conn.connected.length === 0) throw new Error(`reactions: no socket connected (${conn.errors.join('; ')})`);
  try {
    const watch = watched(ctx, [api]);
    const plain = await runStep(ctx, 'reactions', rate, receivers, watch, 'rp', 'messages only');
    const storm = await runStep(ctx, 'reactions', rate, receivers, watch, 'rs', `${100 / REACTION_EVERY} % reactions`, REACTION_EVERY);
    const relayHalf = ctx.results.relay?.extra.find((s) => s.label === 'app half') ?? null;
    ctx.results.reactions = { rate, share: 1 / REACTION_EVERY, plain, storm, relayP99: relayHalf?.latency.p99 ?? null };
    ctx.progress.line(
      `reactions: messages' p99 at ${fmt.n(rate)} sends/s with ${100 / REACTION_EVERY} % reactions ${fmt.ms(storm.latency.p99)} ms ` +
        `(messages only ${fmt.ms(plain.latency.p99)} ms); ${fmt.n(storm.reactions.acked)} reactions acked, ` +
        `${fmt.n(storm.reactions.updates)} reaction:updated received, ${storm.reactions.errors} refused`,
    );
  } finally {
    await ctx.gens.close('load');
  }
}
