import { readFileSync } from 'node:fs';

/** Summary of a V8 .cpuprofile (`node --cpu-prof`): where the process spent its time, by self time. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time, %. */
  pct: number;
}

export interface ProfileSummary {
  file: string;
  /** Which samples were counted: the load step's window, or the whole process when the clocks did not match. */
  window: string;
  totalMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  topFunctions: ProfileEntry[];
  topFiles: ProfileEntry[];
  topPackages: ProfileEntry[];
  /** Inclusive time of the app's own functions (apps/api/dist): which code paths the busy time is spent under. */
  appInclusive: ProfileEntry[];
}

/** `node_modules/.pnpm/x@1/node_modules/@scope/pkg/lib/a.js` → `@scope/pkg`; the app's files → `app`. */
function packageOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node (core)';
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) {
    const rest = url.slice(i + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.includes('/apps/api/')) return 'app (apps/api)';
  if (url.includes('/packages/contracts/')) return 'app (@chat/contracts)';
  return url.replace(/^file:\/\//, '');
}

function shortFile(url: string): string {
  if (!url) return '(native / V8)';
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) return url.slice(i + '/node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  const a = url.indexOf('/apps/api/');
  if (a >= 0) return url.slice(a + 1);
  const c = url.indexOf('/packages/');
  if (c >= 0) return url.slice(c + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * Self time by function, file and package, and inclusive time of the app's functions. With `window` (µs of the
 * monotonic clock, which V8's profile timestamps use on Linux) only the samples inside it count.
 */
export function summariseProfile(file: string, window?: { fromUs: number; toUs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inWindow = (from: number, to: number) => {
    const self = new Map<number, number>();
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i] ?? 0;
      t += delta;
      if (t < from || t > to) continue;
      const id = profile.samples[i]!;
      self.set(id, (self.get(id) ?? 0) + delta);
    }
    return self;
  };
  let selfUs = inWindow(-Infinity, Infinity);
  let windowText = 'whole process';
  if (window) {
    const cut = inWindow(window.fromUs, window.toUs);
    if (cut.size > 0) {
      selfUs = cut;
      windowText = `samples of that ${((window.toUs - window.fromUs) / 1e6).toFixed(1)} s window only`;
    } else windowText = 'whole process (the step window did not match the profile clock)';
  }
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  const pkgs = new Map<string, number>();
  const appIncl = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    if (functionName === '(garbage collector)') gc += us;
    const label = url ? `${functionName || '(anonymous)'} ${shortFile(url)}:${lineNumber + 1}` : functionName || '(anonymous)';
    fn.set(label, (fn.get(label) ?? 0) + us);
    const f = url ? shortFile(url) : functionName;
    files.set(f, (files.get(f) ?? 0) + us);
    const p = url ? packageOf(url) : functionName;
    pkgs.set(p, (pkgs.get(p) ?? 0) + us);
    // every distinct app function on the stack gets this sample's time once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)?.callFrame;
      if (!cf || !cf.url.includes('/apps/api/dist/')) continue;
      const key = `${cf.functionName || '(anonymous)'} ${shortFile(cf.url)}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      appIncl.set(key, (appIncl.get(key) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: busy ? Math.round((us / busy) * 1000) / 10 : 0 }));
  return {
    file,
    window: windowText,
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    gcMs: Math.round(gc / 1000),
    topFunctions: list(fn),
    topFiles: list(files),
    topPackages: list(pkgs),
    appInclusive: list(appIncl),
  };
}
