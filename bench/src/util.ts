export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The monotonic clock in microseconds (the clock of `--cpu-prof` samples). */
export const nowUs = () => {
  const [s, ns] = process.hrtime();
  return s * 1e6 + ns / 1e3;
};

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** CPU per event: % of one core over a window × 10 ÷ events a second = ms each (null without a figure or a rate). */
export const msPer = (cpuPercent: number | undefined, perSec: number | undefined): number | null =>
  cpuPercent === undefined || !perSec ? null : (cpuPercent * 10) / perSec;
