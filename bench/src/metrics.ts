/** The API's Prometheus metrics (`GET /api/metrics`, enabled in the bench by `METRICS_TOKEN`), read around a step. */

export const BENCH_METRICS_TOKEN = 'chat-bench-metrics-token-0123456789';

/** Sample name (with its labels) → value, from Prometheus' text format. */
export type Samples = Map<string, number>;

export async function scrapeMetrics(url: string): Promise<Samples> {
  const res = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`GET /api/metrics answered ${res.status}`);
  const samples: Samples = new Map();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

/** Where a send's time went on the server during a step: means over the step, ms. */
export interface SendBreakdown {
  sends: number;
  /** The whole `message:send` event, arrival to ack. */
  eventMs: number;
  /** Waiting in the writer's queue for the statement before it. */
  queuedMs: number;
  /** The writer's statement, commit included. */
  statementMs: number;
  /** The rest of the event: checks, mentions, presentation, the ack (event − queued − statement). */
  otherMs: number;
  /** Sends per statement (the group commit's batch). */
  perStatement: number;
  /** Event loop delay over the step (Node's monitorEventLoopDelay, reset at each scrape): p50 / p99, ms. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
}

export function sendBreakdown(before: Samples, after: Samples): SendBreakdown | null {
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const mean = (base: string, labels = '') => {
    const n = delta(`${base}_count${labels}`);
    return n > 0 ? (delta(`${base}_sum${labels}`) / n) * 1000 : 0;
  };
  const sends = delta('chat_send_queued_seconds_count');
  const statements = delta('chat_send_statement_seconds_count');
  if (sends <= 0 || statements <= 0) return null;
  const eventMs = mean('chat_socket_event_seconds', '{event="message:send"}');
  const queuedMs = mean('chat_send_queued_seconds');
  const statementMs = mean('chat_send_statement_seconds');
  return {
    sends,
    eventMs,
    queuedMs,
    statementMs,
    otherMs: Math.max(0, eventMs - queuedMs - statementMs),
    perStatement: sends / statements,
    loopDelayP50Ms: (after.get('nodejs_eventloop_lag_p50_seconds') ?? 0) * 1000,
    loopDelayP99Ms: (after.get('nodejs_eventloop_lag_p99_seconds') ?? 0) * 1000,
  };
}
