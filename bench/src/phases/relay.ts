import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import { relayJs } from '../paths.js';
import type { SocketSpec } from '../protocol.js';
import { startRelay, stopServer } from '../servers.js';
import { measureIdleSockets } from './idle-sockets.js';
import { runTarget } from './load-steps.js';

/** The ceiling: a bare Socket.IO relay under the same load steps (plus the app's sustained and half rates), and its idle sockets. */
export async function relayPhase(ctx: BenchContext): Promise<void> {
  const relay = await startRelay(relayJs, join(ctx.tmp, 'logs'), ctx.fdLimit);
  try {
    const app = ctx.results.app;
    const extraRates: Array<{ rate: number; label: string }> = [];
    if (app?.sustained)
      extraRates.push(
        { rate: app.sustained, label: 'app sustained' },
        { rate: Math.max(1, Math.round(app.sustained / 2)), label: 'app half' },
      );
    ctx.results.relay = await runTarget(ctx, 'relay', 'relay', [relay], { rates: ctx.opts.rates, half: true, extraRates, clientTag: 'r' });
    if (ctx.opts.idleSockets > 0 && !ctx.opts.skip.has('idle')) {
      (ctx.results.idle ??= {}).relay = await measureIdleSockets(ctx, 'relay', 'relay', relay, idleRelaySpecs(ctx));
    }
  } finally {
    await stopServer(relay);
  }
}

/** The relay needs no users: idle sockets in rooms of 10, as the app's SQL-made users are. */
function idleRelaySpecs(ctx: BenchContext): SocketSpec[] {
  return Array.from({ length: ctx.opts.idleSockets }, (_, k) => ({
    id: k,
    userId: `idle-${k}`,
    username: `idle${k}`,
    roomIds: [`idle-room-${Math.floor(k / 10)}`],
  }));
}
