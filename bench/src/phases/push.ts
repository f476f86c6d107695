import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from '../api-client.js';
import type { BenchContext } from '../context.js';
import { Histogram } from '../histogram.js';
import { fmt } from '../report.js';
import { round1 } from '../util.js';
import { ensureApi } from './servers.js';

/** Rooms whose members get push subscriptions, and devices (subscriptions) per member. */
const PUSH_ROOMS = 20;
const DEVICES_PER_USER = 5;

/**
 * Web Push through the delivery queue: the members of `PUSH_ROOMS` load rooms (no socket of theirs connected, so none
 * is active) each subscribe `DEVICES_PER_USER` devices at a push service the bench runs on loopback (allowed by the
 * API's PUSH_ENDPOINT_HOSTS); then in each room one member sends a message mentioning every other member. Each
 * mention is a notification, each notification one encrypted push per device: timed from the first send until the
 * push service has received them all. The sends' own latency shows that the pushes cost the send path nothing (they
 * are queued, and delivered after the ack).
 */
export async function pushPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  let received = 0;
  let lastAt = 0;
  const service = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      lastAt = performance.now();
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const port = (service.address() as AddressInfo).port;
  try {
    const members = new Map<string, number[]>();
    ctx.userRoom.forEach((room, u) => members.set(room, [...(members.get(room) ?? []), u]));
    const rooms = [...members].filter(([, us]) => us.length >= 2).slice(0, PUSH_ROOMS);
    ctx.progress.update(`push: subscribing ${DEVICES_PER_USER} devices for each member of ${rooms.length} rooms`);
    let subscriptions = 0;
    for (const [, us] of rooms) {
      await Promise.all(
        us.slice(1).flatMap((u) =>
          Array.from({ length: DEVICES_PER_USER }, async () => {
            const ecdh = createECDH('prime256v1');
            ecdh.generateKeys();
            await call(api.url, 'POST', '/push/subscriptions', ctx.users[u]!.token, {
              endpoint: `http://127.0.0.1:${port}/push/${randomUUID()}`,
              keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
            });
            subscriptions += 1;
          }),
        ),
      );
    }
    const expected = subscriptions;
    ctx.progress.update(`push: ${rooms.length} messages mentioning ${fmt.n(expected / DEVICES_PER_USER)} members`);
    const sends = new Histogram();
    const started = performance.now();
    await Promise.all(
      rooms.map(async ([roomId, us]) => {
        const body = `${us
          .slice(1)
          .map((u) => `@${ctx.users[u]!.username}`)
          .join(' ')} the release is out`;
        const t0 = performance.now();
        await call(api.url, 'POST', `/rooms/${roomId}/messages`, ctx.users[us[0]!]!.token, { clientId: randomUUID(), body });
        sends.record((performance.now() - t0) * 1000);
      }),
    );
    const deadline = Date.now() + 120_000;
    while (received < expected && Date.now() < deadline) {
      ctx.progress.update(`push: ${fmt.n(received)}/${fmt.n(expected)} pushes received`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (lastAt - started) / 1000;
    const perSecond = received > 0 && seconds > 0 ? Math.round(received / seconds) : null;
    ctx.results.push = {
      rooms: rooms.length,
      subscriptions,
      expected,
      received,
      seconds: round1(seconds),
      perSecond,
      send: sends.summary(),
    };
    ctx.progress.line(
      `push: ${fmt.n(received)}/${fmt.n(expected)} pushes (${subscriptions} subscriptions, ${DEVICES_PER_USER} per user) in ${round1(seconds)} s: ` +
        `${fmt.n(perSecond)} pushes/s to a loopback push service; the ${rooms.length} sends that caused them answered in p50 ${fmt.ms(sends.summary().p50)} ms`,
    );
    if (received < expected) throw new Error(`push: only ${received} of ${expected} pushes arrived within 120 s`);
  } finally {
    service.close();
    service.closeAllConnections();
  }
}
