import { closeSync, fdatasyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CPU and memory of process trees, read from /proc (Linux). CPU is utime+stime in clock ticks (100 a second on
 * Linux); memory is VmRSS for Node processes and the proportional set size (Pss) for PostgreSQL, whose backends
 * share their buffers (summing their RSS would count the shared memory once per backend).
 */
const TICKS_PER_SECOND = 100;

export interface TreeSample {
  at: number;
  /** utime+stime of every live process in the tree, in ticks. */
  ticks: number;
  /** The same per process, so that a process ending between two samples does not read as negative CPU. */
  perPid: Map<number, number>;
  rssKb: number;
  pssKb: number;
  processes: number;
}

function readStat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields start after the last ")"
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function readKb(pid: number, file: string, key: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and every descendant of it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const st = readStat(pid);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(pid);
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export function sampleTree(roots: number[], opts: { pss?: boolean } = {}): TreeSample {
  let ticks = 0;
  let rssKb = 0;
  let pssKb = 0;
  let processes = 0;
  const perPid = new Map<number, number>();
  for (const root of roots) {
    for (const pid of processTree(root)) {
      const st = readStat(pid);
      if (!st) continue;
      processes += 1;
      ticks += st.ticks;
      perPid.set(pid, st.ticks);
      rssKb += readKb(pid, 'status', 'VmRSS');
      if (opts.pss) pssKb += readKb(pid, 'smaps_rollup', 'Pss');
    }
  }
  return { at: performance.now(), ticks, perPid, rssKb, pssKb, processes };
}

/**
 * Percent of one core used between two samples, process by process: a process that started meanwhile counts whole,
 * one that ended meanwhile is left out (its last moments are lost, never counted negative).
 */
export function cpuPercent(a: TreeSample, b: TreeSample): number {
  const seconds = (b.at - a.at) / 1000;
  if (seconds <= 0) return 0;
  let ticks = 0;
  for (const [pid, t] of b.perPid) ticks += Math.max(0, t - (a.perPid.get(pid) ?? 0));
  return (ticks / TICKS_PER_SECOND / seconds) * 100;
}

/**
 * Waits until the process (and its children) has used under `belowPercent` of a core for `quietMs` in a row, sampled
 * every 250 ms, or until `maxMs` passed. Returns how long it waited and whether it went quiet. A phase that ends by
 * closing a thousand sockets leaves the API a second or two of work (presence after its coalescing window, last-seen
 * writes), which the next phase's timed requests would otherwise meet.
 */
export async function waitQuiet(
  pid: number,
  { belowPercent = 5, quietMs = 1500, maxMs = 20_000 }: { belowPercent?: number; quietMs?: number; maxMs?: number } = {},
): Promise<{ waitedMs: number; quiet: boolean }> {
  const start = performance.now();
  let last = sampleTree([pid]);
  let quietSince = last.at;
  while (performance.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = sampleTree([pid]);
    if (cpuPercent(last, now) >= belowPercent) quietSince = now.at;
    last = now;
    if (now.at - quietSince >= quietMs) return { waitedMs: Math.round(now.at - start), quiet: true };
  }
  return { waitedMs: Math.round(performance.now() - start), quiet: false };
}

/** The postmaster's pid, from the first line of postmaster.pid in its data folder. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Busy ticks of the whole machine (every core), from the first line of /proc/stat, and of them `steal`: time the
 * hypervisor gave this VM's cores to other machines (a busy host slows every figure of the run).
 */
export function machineBusyTicks(): { at: number; ticks: number; steal: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return { at: performance.now(), ticks: user! + nice! + system! + irq! + softirq! + steal!, steal: steal! };
  } catch {
    return { at: performance.now(), ticks: 0, steal: 0 };
  }
}

/**
 * The machine's disk as PostgreSQL's commits see it: `count` times an 8 KB write plus fdatasync in `dir`, each timed.
 * A commit waits for one such flush, so on a shared machine whose disk is slow at the moment every latency of the
 * app is slow with it; the bench reports this next to its figures.
 */
export function fsyncProbe(dir: string, count = 200): number[] {
  const file = join(dir, 'fsync-probe');
  const block = Buffer.alloc(8192, 1);
  const fd = openSync(file, 'w');
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, (i % 64) * block.length);
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return times;
}
