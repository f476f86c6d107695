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

/**
 * The server's side of a run of sequential requests to one route, from the API's metrics scraped before and after:
 * its own timing of the requests (`chat_http_request_seconds`, p50 / p99 read off the buckets), the garbage
 * collector's pauses meanwhile, and the event loop's delay. Tells a slow tail inside the API process from one outside.
 */
export interface ServerSide {
  requests: number;
  /** p50 / p99 from the histogram's buckets (linear within a bucket), ms. */
  p50Ms: number;
  p99Ms: number;
  /** Young-generation collections (scavenges) during the run: how many, and their pauses added up, ms. */
  minorGcs: number;
  minorGcMs: number;
  /** Full and incremental collections: how many, and their pauses added up, ms. */
  majorGcs: number;
  majorGcMs: number;
  /** Event loop delay over the run: p99, ms. */
  loopDelayP99Ms: number;
}

function bucketQuantile(buckets: Array<[number, number]>, q: number): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return 0;
  const want = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of buckets) {
    if (count >= want) {
      if (!Number.isFinite(le)) return prevLe * 1000;
      const share = count === prevCount ? 1 : (want - prevCount) / (count - prevCount);
      return (prevLe + (le - prevLe) * share) * 1000;
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe * 1000;
}

export function serverSide(before: Samples, after: Samples, method: string, route: string): ServerSide {
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const labels = `method="${method}",route="${route}"`;
  const buckets: Array<[number, number]> = [];
  for (const name of after.keys()) {
    const m = /^chat_http_request_seconds_bucket\{le="([^"]+)",(.*)\}$/.exec(name);
    if (m && m[2] === labels) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), delta(name)]);
  }
  buckets.sort((a, b) => a[0] - b[0]);
  const gc = (kinds: string[]) => ({
    count: kinds.reduce((n, k) => n + delta(`nodejs_gc_duration_seconds_count{kind="${k}"}`), 0),
    ms: kinds.reduce((n, k) => n + delta(`nodejs_gc_duration_seconds_sum{kind="${k}"}`), 0) * 1000,
  });
  const minor = gc(['minor']);
  const major = gc(['major', 'incremental']);
  return {
    requests: delta(`chat_http_request_seconds_count{${labels}}`),
    p50Ms: bucketQuantile(buckets, 0.5),
    p99Ms: bucketQuantile(buckets, 0.99),
    minorGcs: minor.count,
    minorGcMs: minor.ms,
    majorGcs: major.count,
    majorGcMs: major.ms,
    loopDelayP99Ms: (after.get('nodejs_eventloop_lag_p99_seconds') ?? 0) * 1000,
  };
}
