/**
 * A log-linear latency histogram in microseconds: 10 µs buckets below 1 ms, then buckets 1 % wide up to about
 * 100 s. Small enough to send between processes (sparse counts) and merge; percentiles are within 1 %.
 */
const LINEAR_BUCKETS = 100; // 0..1 ms in 10 µs steps
const GROWTH = Math.log(1.01);
const SIZE = LINEAR_BUCKETS + Math.ceil(Math.log(100_000) / GROWTH) + 1;

export interface HistogramData {
  /** [bucket index, count] pairs for the non-empty buckets. */
  buckets: Array<[number, number]>;
  count: number;
  sum: number;
  max: number;
}

export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function indexOf(us: number): number {
  if (us < 1000) return Math.max(0, Math.floor(us / 10));
  return Math.min(SIZE - 1, LINEAR_BUCKETS + Math.floor(Math.log(us / 1000) / GROWTH));
}

/** The upper bound of a bucket, in microseconds (a percentile never reads low). */
function upperOf(index: number): number {
  if (index < LINEAR_BUCKETS) return (index + 1) * 10;
  return 1000 * Math.exp((index - LINEAR_BUCKETS + 1) * GROWTH);
}

export class Histogram {
  private counts = new Float64Array(SIZE);
  count = 0;
  sum = 0;
  max = 0;

  record(us: number): void {
    const v = us < 0 ? 0 : us;
    this.counts[indexOf(v)]! += 1;
    this.count += 1;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  merge(data: HistogramData): void {
    for (const [i, n] of data.buckets) this.counts[i]! += n;
    this.count += data.count;
    this.sum += data.sum;
    if (data.max > this.max) this.max = data.max;
  }

  toData(): HistogramData {
    const buckets: Array<[number, number]> = [];
    for (let i = 0; i < SIZE; i++) if (this.counts[i]) buckets.push([i, this.counts[i]!]);
    return { buckets, count: this.count, sum: this.sum, max: this.max };
  }

  /** Value at quantile q (0..1), in microseconds, capped by the exact maximum. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < SIZE; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperOf(i), this.max);
    }
    return this.max;
  }

  /** p50/p95/p99/max and the mean, in milliseconds. */
  summary(): Percentiles {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.count,
      mean: this.count ? ms(this.sum / this.count) : 0,
      p50: ms(this.quantile(0.5)),
      p95: ms(this.quantile(0.95)),
      p99: ms(this.quantile(0.99)),
      max: ms(this.max),
    };
  }
}

/** Percentiles of a list of durations in milliseconds (small samples: HTTP request timings). */
export function percentilesOf(valuesMs: number[]): Percentiles {
  const h = new Histogram();
  for (const v of valuesMs) h.record(v * 1000);
  return h.summary();
}
