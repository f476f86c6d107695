import { describe, expect, it } from '@jest/globals';
import { ActivityReporter } from './client-active';

function setup() {
  const reports: boolean[] = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const state = { active: true, connected: true };
  const reporter = new ActivityReporter({
    report: (a) => reports.push(a),
    connected: () => state.connected,
    active: () => state.active,
    every: 30_000,
    setInterval: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearInterval: (h) => ((h as { cleared: boolean }).cleared = true),
  });
  const tick = () => timers.filter((t) => !t.cleared).forEach((t) => t.fn());
  return { reporter, reports, timers, state, tick };
}

describe('ActivityReporter (client:active)', () => {
  it('a connected page with focus says true at once, then again every 30 s while it keeps focus', () => {
    const t = setup();
    t.reporter.connected();
    expect(t.reports).toEqual([true]);
    expect(t.timers[0]!.ms).toBe(30_000);
    t.tick();
    t.tick();
    expect(t.reports).toEqual([true, true, true]);
  });

  it('losing focus or hiding says false at once and stops the repeats; focus again says true', () => {
    const t = setup();
    t.reporter.connected();
    t.state.active = false;
    t.reporter.changed();
    expect(t.reports).toEqual([true, false]);
    t.tick();
    expect(t.reports).toEqual([true, false]);
    t.state.active = true;
    t.reporter.changed();
    expect(t.reports).toEqual([true, false, true]);
  });

  it('says nothing while disconnected, and the current state to a new connection', () => {
    const t = setup();
    t.state.connected = false;
    t.reporter.changed();
    expect(t.reports).toEqual([]);
    t.state.connected = true;
    t.reporter.connected();
    expect(t.reports).toEqual([true]);
    t.reporter.disconnected();
    expect(t.timers.every((x) => x.cleared)).toBe(true);
  });

  it('a page opened in the background says nothing until it gets focus', () => {
    const t = setup();
    t.state.active = false;
    t.reporter.connected();
    expect(t.reports).toEqual([]);
    t.state.active = true;
    t.reporter.changed();
    expect(t.reports).toEqual([true]);
  });
});
