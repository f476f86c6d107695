import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { StepFigures } from '../src/generators.js';
import type { Results, TargetResult } from '../src/results.js';
import { hasTaskset, pinTrees } from '../src/servers.js';
import { whyNotMet } from '../src/why.js';

const pct = { count: 100, mean: 3, p50: 2, p95: 5, p99: 9, max: 12 };

function step(rate: number, over: Partial<StepFigures> = {}): StepFigures {
  return {
    rate,
    sentPerSec: rate,
    deliveredPerSec: rate * 10,
    sent: rate * 4,
    expectedDeliveries: rate * 40,
    deliveries: rate * 40,
    lost: 0,
    latency: pct,
    ack: pct,
    errors: 0,
    timeouts: 0,
    ackErrors: {},
    disconnects: 0,
    reactions: { sent: 0, acked: 0, errors: 0, updates: 0 } as StepFigures['reactions'],
    generatorLagMs: 0,
    cpu: { server: 60, postgres: 40, generator: 30, other: 5, steal: 0 },
    rssKb: {},
    pass: true,
    why: '',
    ...over,
  };
}

function target(name: string, steps: StepFigures[], sustained: number, firstFail: number, half: StepFigures): TargetResult {
  return {
    name,
    servers: 1,
    sockets: { wanted: 10, connected: 10, failed: 0, errors: [], connectMs: 1 },
    steps,
    sustained,
    sustainedIsLowerBound: false,
    firstFail,
    atSustained: steps.find((s) => s.rate === sustained) ?? null,
    half,
    halfBreakdown: {
      sends: 100,
      eventMs: 6,
      queuedMs: 4,
      statementMs: 1,
      otherMs: 1,
      perStatement: 3,
      loopDelayP50Ms: 10,
      loopDelayP99Ms: 21,
    },
    extra: [],
  };
}

function results(met: boolean): Results {
  const failed = step(4000, { pass: false, why: 'p99 150 ms > 100 ms', cpu: { server: 95, postgres: 41, generator: 49, other: 1 } });
  const half = step(1000, { latency: { ...pct, p99: 80 }, cpu: { server: 40, postgres: 25, generator: 20, other: 0 } });
  const relayHalf = { ...step(1000, { cpu: { server: 17, generator: 20, other: 0 } }), label: 'app half' };
  return {
    machine: { cpus: 2 },
    app: target('app', [step(1000), step(2000), failed], 2000, 4000, half),
    relay: { ...target('relay', [step(1000), step(8000)], 8000, 16000, step(4000)), extra: [relayHalf] },
    targets: [
      { name: 'sustained throughput vs relay', value: '25 %', target: '≥ 75 %', met },
      { name: 'p99 at half the sustained rate', value: '80 ms', target: '≤ 50 ms', met },
      { name: 'CPU per message at half load (server + PostgreSQL)', value: '0.400 + 0.250 ms', target: '≤ 0.25 + 0.05 ms', met },
      { name: 'big room fan-out', value: '9 ms', target: 'p99 ≤ 50 ms', met: null },
    ],
  } as unknown as Results;
}

describe('whyNotMet', () => {
  it("explains each missed target from the run's own figures", () => {
    const misses = whyNotMet(results(false));
    expect(misses.map((m) => m.target)).toEqual([
      'sustained throughput vs relay (25 %; target ≥ 75 %)',
      'p99 at half the sustained rate (80 ms; target ≤ 50 ms)',
      'CPU per message at half load (server + PostgreSQL) (0.400 + 0.250 ms; target ≤ 0.25 + 0.05 ms)',
    ]);
    const [sustained, half, cost] = misses.map((m) => m.why);
    // the failing step's CPU, the machine's cores, and the CPU per message against the relay's
    expect(sustained).toContain('4,000 msg/s: p99 150 ms > 100 ms');
    expect(sustained).toContain('server 95 %, PostgreSQL 41 %, generator 49 %, other 1 % of a core: 186 % of the machine');
    expect(sustained).toContain('0.300 ms of CPU per message and the relay 0.075 ms (4.00×)');
    // the queue wait four times the statement: a stall behind the database
    expect(half).toContain('4.00 ms waiting for the statement before it');
    expect(half).toContain("sends piled up in the writer's queue");
    expect(cost).toContain("spent 0.170 ms per message at this rate; the API's 0.400 ms is that plus 0.230 ms");
  });

  it('says nothing of targets met or not measured', () => {
    expect(whyNotMet(results(true))).toEqual([]);
  });
});

describe('pinTrees', () => {
  it('moves a process and its children to the given CPUs', async () => {
    if (!hasTaskset()) return;
    const parent = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(pinTrees([parent.pid!], '0')).toBeGreaterThanOrEqual(2);
      const allowed = (pid: number) => /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      expect(allowed(parent.pid!)).toBe('0');
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
