import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

/**
 * The bench's smoke mode, end to end: the compiled CLI starts its own PostgreSQL, API and relay on free loopback
 * ports, runs two small load steps against each plus the small versions of the other figures, and reports. That it
 * runs and reports is checked, and the database statements of the hot paths are counted; never how fast anything was.
 */
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../dist/cli.js');
const out = mkdtempSync(join(tmpdir(), 'chat-bench-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

function runSmoke(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, '--smoke', '--out', out, '--name', 'smoke', '--max-minutes', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 200_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/**
 * The regression guard of the hot paths, in database statements (counted by pg_stat_statements, never timed): a
 * `message:send` is one statement (the writer's prepared statement does the membership check, the seq and the insert
 * at once) and a history page two (the session check and the page). More is a regression.
 */
const MAX_STATEMENTS_PER_SEND = 1;
const MAX_STATEMENTS_PER_HISTORY_PAGE = 2;

describe('pnpm bench --smoke', () => {
  it('runs every phase against the app and the relay and writes JSON, markdown and SVG', async () => {
    const { code, output } = await runSmoke();
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
    expect(output).toContain('Sustained send rate');

    const r = JSON.parse(readFileSync(join(out, 'smoke.json'), 'utf8'));
    expect(r.mode).toBe('smoke');
    expect(r.errors).toEqual({});
    for (const target of [r.app, r.relay]) {
      expect(target.sockets.connected).toBe(target.sockets.wanted);
      expect(target.steps.length).toBeGreaterThanOrEqual(1);
      for (const s of target.steps) {
        for (const k of ['p50', 'p95', 'p99', 'max']) expect(isNumber(s.latency[k])).toBe(true);
        expect(s.deliveredPerSec).toBeGreaterThan(0);
        expect(isNumber(s.errors)).toBe(true);
        expect(isNumber(s.cpu.server)).toBe(true);
      }
    }
    expect(isNumber(r.app.steps[0].cpu.postgres)).toBe(true);
    expect(r.idle.app.connected).toBeGreaterThan(0);
    expect(r.idle.relay.connected).toBeGreaterThan(0);
    expect(isNumber(r.history.newest.p99) && isNumber(r.history.deep.p99)).toBe(true);
    // the API's own timing of those pages (its metrics): every request counted, and the GC pauses meanwhile
    expect(r.history.newestServer.requests).toBeGreaterThanOrEqual(r.history.requests);
    expect(r.history.newestServer.p99Ms).toBeGreaterThan(0);
    expect(isNumber(r.history.newestServer.minorGcMs)).toBe(true);
    expect(isNumber(r.roomsList.latency.p99)).toBe(true);
    expect(r.roomDelete.messages).toBeGreaterThan(0);
    expect(isNumber(r.roomDelete.during.latency.p99) && isNumber(r.roomDelete.before.latency.p99)).toBe(true);
    expect(r.roomDelete.during.errors).toBe(0);
    expect(isNumber(r.roomDelete.deleteSeconds)).toBe(true);
    // the API's metrics split the half step's sends: queue wait, statement, the rest
    expect(r.app.halfBreakdown.sends).toBeGreaterThan(0);
    expect(r.app.halfBreakdown.statementMs).toBeGreaterThan(0);
    expect(r.app.halfBreakdown.eventMs).toBeGreaterThanOrEqual(r.app.halfBreakdown.statementMs);
    expect(r.bigRoom.room.deliveries).toBeGreaterThan(0);
    expect(r.bigRoom.room.lost).toBe(0);
    expect(r.hugeRoom.room.deliveries).toBeGreaterThan(0);
    expect(r.hugeRoom.room.lost).toBe(0);
    expect(isNumber(r.hugeRoom.joins.p99) && isNumber(r.hugeRoom.history.p99)).toBe(true);
    expect(r.push.expected).toBeGreaterThan(0);
    expect(r.push.received).toBe(r.push.expected);
    expect(r.reactions.storm.reactions.acked).toBeGreaterThan(0);
    expect(r.reactions.storm.reactions.updates).toBeGreaterThan(0);
    expect(r.reactions.storm.reactions.errors).toBe(0);
    expect(r.reactions.plain.reactions.acked).toBe(0);
    expect(r.dbPause.rssMaxKb).toBeGreaterThan(0);
    expect(r.dbPause.step.sent).toBeGreaterThan(0);
    expect(r.explain.length).toBeGreaterThan(0);
    expect(r.search.wordResults).toBeGreaterThan(0);
    expect(isNumber(r.search.word.p99) && isNumber(r.search.part.p99) && isNumber(r.search.around.p99)).toBe(true);
    expect(r.roundTrips.perSend).toBeGreaterThan(0);
    expect(r.roundTrips.perSend).toBeLessThanOrEqual(MAX_STATEMENTS_PER_SEND);
    expect(r.roundTrips.perHistoryPage).toBeGreaterThan(0);
    expect(r.roundTrips.perHistoryPage).toBeLessThanOrEqual(MAX_STATEMENTS_PER_HISTORY_PAGE);
    expect(r.setup.perUserMsEmpty).toBeGreaterThan(0);
    expect(r.setup.perUserMsWithHistory).toBeGreaterThan(0);
    expect(r.table.length).toBeGreaterThan(8);
    expect(readFileSync(join(out, 'smoke.md'), 'utf8')).toContain('| Figure |');
    expect(readFileSync(join(out, 'smoke.svg'), 'utf8')).toContain('<svg');
  });
});
