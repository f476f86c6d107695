import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { register, startTestApp, type TestApp } from './harness.js';
import { createRoom } from './social-helpers.js';
import { closeAllSockets, connect, sentMessage } from './socket-helpers.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of a sample line `name{labels} value` in Prometheus' text format, or null. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('GET /api/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    } finally {
      await t.close();
    }
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN: TOKEN });
    });
    afterAll(async () => {
      closeAllSockets();
      await t.close();
    });

    it('refuses a request without the token, or with another one', async () => {
      for (const auth of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const req = t.http().get('/api/metrics');
        const res = await (auth ? req.set('Authorization', auth) : req);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });

    it("tells where sends' time goes: each socket event, each send's wait in the writer's queue, each statement", async () => {
      const scrape = async () => {
        const res = await t.http().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
        return res.text;
      };
      const before = await scrape();
      expect(sample(before, 'chat_socket_event_seconds_count{event="message:send"}')).toBeNull();
      expect(sample(before, 'nodejs_eventloop_lag_p99_seconds')).not.toBeNull();

      const u = await register(t);
      const room = await createRoom(t, u);
      const socket = await connect(t, u.token);
      for (let i = 0; i < 3; i++)
        sentMessage(await socket.send('message:send', { roomId: room.id, clientId: randomUUID(), body: `m${i}` }));

      const after = await scrape();
      expect(sample(after, 'chat_socket_event_seconds_count{event="message:send"}')).toBe(3);
      expect(sample(after, 'chat_send_queued_seconds_count')).toBe(3);
      // one statement per send here (one at a time), each under the largest bucket
      expect(sample(after, 'chat_send_statement_seconds_count')).toBe(3);
      expect(sample(after, 'chat_send_statement_seconds_bucket{le="2.5"}')).toBe(3);
      expect(sample(after, 'chat_send_statement_seconds_sum')).toBeGreaterThan(0);
    });

    it('times HTTP requests by route template, whatever the ids in the path; unrouted ones as "unmatched"', async () => {
      const scrape = async () => (await t.http().get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
      const u = await register(t);
      const rooms = [await createRoom(t, u), await createRoom(t, u)];
      const page = 'chat_http_request_seconds_count{method="GET",route="/api/rooms/:id/messages"}';
      const unmatched = 'chat_http_request_seconds_count{method="GET",route="unmatched"}';
      const before = await scrape();
      for (const room of rooms) {
        expect((await t.http().get(`/api/rooms/${room.id}/messages`).set('Authorization', `Bearer ${u.token}`)).status).toBe(200);
      }
      expect((await t.http().get('/api/no-such-route')).status).toBe(404);
      const after = await scrape();
      expect((sample(after, page) ?? 0) - (sample(before, page) ?? 0)).toBe(2);
      expect((sample(after, unmatched) ?? 0) - (sample(before, unmatched) ?? 0)).toBe(1);
      expect(sample(after, 'chat_http_request_seconds_bucket{le="5",method="GET",route="/api/rooms/:id/messages"}')).toBe(
        sample(after, page),
      );
    });
  });
});
