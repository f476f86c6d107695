import { call } from '../api-client.js';
import type { BenchContext } from '../context.js';
import type { ExplainCapture, ExplainEntry } from '../results.js';
import { query } from '../servers.js';
import { sleep } from '../util.js';
import { SEARCH_PART, SEARCH_WORD } from './search.js';
import { ensureApi } from './servers.js';

/** auto_explain logs EXPLAIN ANALYZE of every statement the API runs for a few requests. */
export async function explainPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  if (!ctx.db.instrumented) throw new Error('auto_explain could not be loaded in PostgreSQL');
  const base = api.url;
  const owner = ctx.users[0]!;
  const requests: Array<[string, (attempt: number) => Promise<unknown>]> = [];
  if (ctx.historyRoom) {
    const room = ctx.historyRoom;
    requests.push(
      ['GET /rooms/:id/messages (newest page)', () => call(base, 'GET', `/rooms/${room}/messages?limit=50`, owner.token)],
      [
        `GET /rooms/:id/messages?before=${Math.floor(ctx.opts.history / 2)} (deep page)`,
        () => call(base, 'GET', `/rooms/${room}/messages?before=${Math.floor(ctx.opts.history / 2)}&limit=50`, owner.token),
      ],
    );
  }
  if (ctx.listUser) {
    const u = ctx.listUser;
    requests.push([`GET /rooms (user in ${ctx.results.roomsList?.rooms ?? '?'} rooms)`, () => call(base, 'GET', '/rooms', u.token)]);
  }
  if (ctx.searchUser) {
    const s = ctx.searchUser;
    requests.push(
      [`GET /search/messages?q=${SEARCH_WORD} (a word)`, () => call(base, 'GET', `/search/messages?q=${SEARCH_WORD}&limit=20`, s.token)],
      [
        `GET /search/messages?q=${SEARCH_PART} (part of words)`,
        () => call(base, 'GET', `/search/messages?q=${SEARCH_PART}&limit=20`, s.token),
      ],
    );
  }
  const sendRoom = ctx.userRoom[0]!;
  requests.push([
    'POST /rooms/:id/messages (the service behind message:send)',
    (attempt) =>
      call(base, 'POST', `/rooms/${sendRoom}/messages`, owner.token, { clientId: `explain-${ctx.tag}-${attempt}`, body: 'explained' }),
  ]);
  await query(ctx.db.url, ['ALTER SYSTEM SET auto_explain.log_min_duration = 0', 'SELECT pg_reload_conf()']);
  await sleep(500);
  const captures: ExplainCapture[] = [];
  try {
    for (const [label, fn] of requests) {
      ctx.progress.update(`EXPLAIN ANALYZE: ${label}`);
      await fn(0); // warm: the session check and caches
      await sleep(400); // and let its after-response work (notifications) finish
      ctx.db.capture.text = '';
      ctx.db.capture.on = true;
      await fn(1).catch(() => undefined);
      await sleep(400);
      ctx.db.capture.on = false;
      captures.push(parseAutoExplain(label, ctx.db.capture.text));
    }
  } finally {
    ctx.db.capture.on = false;
    await query(ctx.db.url, ['ALTER SYSTEM SET auto_explain.log_min_duration = -1', 'SELECT pg_reload_conf()']);
  }
  ctx.results.explain = captures;
  for (const c of captures)
    ctx.progress.line(`explain: ${c.request}: ${c.statements} statements, ${c.totalMs.toFixed(2)} ms in PostgreSQL`);
}

/** The plans auto_explain logged for one request, statement by statement. */
function parseAutoExplain(request: string, text: string): ExplainCapture {
  const entries: ExplainEntry[] = [];
  const re = /duration: ([\d.]+) ms\s+plan:\n?/g;
  const marks: Array<{ at: number; end: number; ms: number }> = [];
  for (let m = re.exec(text); m; m = re.exec(text)) marks.push({ at: m.index, end: m.index + m[0].length, ms: Number(m[1]) });
  for (let i = 0; i < marks.length; i++) {
    const chunk = text.slice(marks[i]!.end, i + 1 < marks.length ? text.lastIndexOf('\n', marks[i + 1]!.at) : text.length);
    const lines = chunk.split('\n').filter((l) => l.trim() && !/^\S.*\b(LOG|STATEMENT|DETAIL):/.test(l));
    const qi = lines.findIndex((l) => l.includes('Query Text:'));
    const queryLine = qi >= 0 ? lines[qi]!.replace(/.*Query Text:\s*/, '') : '';
    const plan = lines
      .filter((_, k) => k !== qi)
      .map((l) => l.replace(/^\t/, ''))
      .map((l) => (l.length > 240 ? `${l.slice(0, 240)}…` : l))
      .slice(0, 60)
      .join('\n');
    entries.push({ ms: marks[i]!.ms, query: queryLine.replace(/\s+/g, ' '), plan });
  }
  return { request, statements: entries.length, totalMs: Math.round(entries.reduce((n, e) => n + e.ms, 0) * 1000) / 1000, entries };
}
