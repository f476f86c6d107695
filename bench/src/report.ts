import type { StepFigures } from './generators.js';

/** The final table (terminal and markdown) and the SVG chart, from the run's results. */

export interface Row {
  figure: string;
  app: string;
  relay: string;
  ratio: string;
  target: string;
  met: '✓' | '✗' | '';
}

export const fmt = {
  n: (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : Math.round(v).toLocaleString('en-US')),
  ms: (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toString(),
  kb: (v: number | null | undefined) => (v === null || v === undefined ? '—' : v < 100 ? v.toFixed(1) : Math.round(v).toString()),
  mb: (kb: number | null | undefined) => (kb === null || kb === undefined ? '—' : (kb / 1024).toFixed(0)),
  ratio: (a: number | null | undefined, b: number | null | undefined, suffix = '') =>
    a === null || a === undefined || !b ? '—' : `${(a / b).toFixed(2)}×${suffix}`,
  pct: (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || !b ? '—' : `${Math.round((a / b) * 100)} %`,
};

/** Columns padded for a terminal. */
export function terminalTable(rows: Row[]): string {
  const head: Row = { figure: 'Figure', app: 'App', relay: 'Relay (ceiling)', ratio: 'App ÷ relay', target: 'Target', met: '' };
  const all = [head, ...rows];
  const keys = ['figure', 'app', 'relay', 'ratio', 'target', 'met'] as const;
  const width = keys.map((k) => Math.max(...all.map((r) => [...r[k]].length)));
  const line = (r: Row) => keys.map((k, i) => r[k] + ' '.repeat(width[i]! - [...r[k]].length)).join('  ');
  return [line(head), width.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Figure | App | Relay (ceiling) | App ÷ relay | Target | Met |',
    '|---|---:|---:|---:|---|:-:|',
    ...rows.map((r) => `| ${esc(r.figure)} | ${esc(r.app)} | ${esc(r.relay)} | ${esc(r.ratio)} | ${esc(r.target)} | ${r.met} |`),
  ].join('\n');
}

export function stepsTable(name: string, steps: StepFigures[]): string {
  const lines = [
    `| ${name}: offered msg/s | sent/s | delivered/s | p50 ms | p95 ms | p99 ms | max ms | ack p99 ms | errors | lost | server CPU % | PostgreSQL CPU % | generator CPU % | other CPU % | ok |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|',
  ];
  for (const s of steps) {
    lines.push(
      `| ${fmt.n(s.rate)}${s.label ? ` (${s.label})` : ''} | ${fmt.n(s.sentPerSec)} | ${fmt.n(s.deliveredPerSec)} | ${fmt.ms(s.latency.p50)} | ${fmt.ms(s.latency.p95)} | ${fmt.ms(s.latency.p99)} | ${fmt.ms(s.latency.max)} | ${fmt.ms(s.ack.p99)} | ${s.errors} | ${s.lost} | ${s.cpu.server ?? '—'} | ${s.cpu.postgres ?? '—'} | ${s.cpu.generator ?? '—'} | ${s.cpu.other ?? '—'} | ${s.pass ? '✓' : `✗ ${s.why}`} |`,
    );
  }
  return lines.join('\n');
}

export interface Series {
  name: string;
  color: string;
  steps: StepFigures[];
}

/**
 * Two panels: p99 latency against offered load (log–log, the 100 ms limit dashed), and deliveries a second
 * against offered load. Failed steps are hollow.
 */
export function svgChart(series: Series[], p99LimitMs: number, title: string): string {
  const W = 1000;
  const H = 470;
  const panelW = 400;
  const panelH = 300;
  const top = 60;
  const lefts = [70, 560];
  const all = series.flatMap((s) => s.steps);
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="80"><text x="10" y="40">no data</text></svg>`;
  const rates = all.map((s) => s.rate);
  const xMin = Math.min(...rates) / 1.3;
  const xMax = Math.max(...rates) * 1.3;
  const lat = all.map((s) => Math.max(0.1, s.latency.p99));
  const yMin1 = Math.min(1, ...lat) / 1.3;
  const yMax1 = Math.max(p99LimitMs * 2, ...lat) * 1.3;
  const dels = all.map((s) => Math.max(1, s.deliveredPerSec));
  const yMin2 = Math.min(...dels) / 1.5;
  const yMax2 = Math.max(...dels) * 1.5;
  const lx = (v: number, x0: number) => x0 + (Math.log(v / xMin) / Math.log(xMax / xMin)) * panelW;
  const ly = (v: number, lo: number, hi: number) => top + panelH - (Math.log(Math.max(v, lo) / lo) / Math.log(hi / lo)) * panelH;
  const ticks = (lo: number, hi: number) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  const label = (v: number) => (v >= 1000 ? `${v / 1000}k` : `${v}`);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  );
  const panel = (x0: number, name: string, lo: number, hi: number, value: (s: StepFigures) => number, limit?: number) => {
    parts.push(`<rect x="${x0}" y="${top}" width="${panelW}" height="${panelH}" fill="none" stroke="#999"/>`);
    parts.push(`<text x="${x0 + panelW / 2}" y="${top - 10}" text-anchor="middle" font-weight="600">${escapeXml(name)}</text>`);
    for (const v of ticks(xMin, xMax)) {
      const x = lx(v, x0);
      parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + panelH}" stroke="#eee"/>`);
      parts.push(`<text x="${x}" y="${top + panelH + 16}" text-anchor="middle" fill="#555">${label(v)}</text>`);
    }
    for (const v of ticks(lo, hi)) {
      const y = ly(v, lo, hi);
      parts.push(`<line x1="${x0}" y1="${y}" x2="${x0 + panelW}" y2="${y}" stroke="#eee"/>`);
      parts.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end" fill="#555">${label(v)}</text>`);
    }
    parts.push(`<text x="${x0 + panelW / 2}" y="${top + panelH + 36}" text-anchor="middle">offered load, messages sent / s (log)</text>`);
    if (limit !== undefined) {
      const y = ly(limit, lo, hi);
      parts.push(`<line x1="${x0}" y1="${y}" x2="${x0 + panelW}" y2="${y}" stroke="#c00" stroke-dasharray="6 4"/>`);
      parts.push(`<text x="${x0 + panelW - 4}" y="${y - 4}" text-anchor="end" fill="#c00">p99 limit ${limit} ms</text>`);
    }
    for (const s of series) {
      const pts = [...s.steps].sort((a, b) => a.rate - b.rate);
      if (pts.length === 0) continue;
      const path = pts.map((p, i) => `${i ? 'L' : 'M'}${lx(p.rate, x0).toFixed(1)},${ly(value(p), lo, hi).toFixed(1)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      for (const p of pts) {
        parts.push(
          `<circle cx="${lx(p.rate, x0).toFixed(1)}" cy="${ly(value(p), lo, hi).toFixed(1)}" r="4" fill="${p.pass ? s.color : '#fff'}" stroke="${s.color}" stroke-width="2"><title>${escapeXml(
            `${s.name} @ ${p.rate}/s: p99 ${p.latency.p99} ms, ${p.deliveredPerSec} deliveries/s${p.pass ? '' : ` (${p.why})`}`,
          )}</title></circle>`,
        );
      }
    }
  };
  panel(lefts[0]!, 'p99 send → receive latency, ms (log)', yMin1, yMax1, (s) => Math.max(0.1, s.latency.p99), p99LimitMs);
  panel(lefts[1]!, 'deliveries received / s (log)', yMin2, yMax2, (s) => Math.max(1, s.deliveredPerSec));
  let lxPos = lefts[0]!;
  for (const s of series) {
    parts.push(`<line x1="${lxPos}" y1="${H - 40}" x2="${lxPos + 24}" y2="${H - 40}" stroke="${s.color}" stroke-width="3"/>`);
    parts.push(`<text x="${lxPos + 30}" y="${H - 36}">${escapeXml(s.name)}</text>`);
    lxPos += 60 + s.name.length * 7;
  }
  parts.push(
    `<text x="${lefts[0]}" y="${H - 12}" fill="#777">filled: step passed (p99 ≤ ${p99LimitMs} ms, no send error, no lost delivery); hollow: step failed</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
