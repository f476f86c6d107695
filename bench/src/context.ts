import type { BenchUser } from './api-client.js';
import type { Generators } from './generators.js';
import type { Options } from './options.js';
import { Progress } from './progress.js';
import { newResults, type Results } from './results.js';
import type { Database, Server } from './servers.js';

/**
 * Requests of each kind sent unmeasured before timing history pages and `GET /rooms`: the figures are those of a
 * server that has been running (its code compiled by the JIT), not of the first requests after a start.
 */
export const WARM_REQUESTS = 200;

/**
 * Requests sent unmeasured before the first history pages are timed (the pages of one route after it: a tenth). On
 * these 2-core machines a route's code is still being compiled (V8's optimising tiers, on a thread that shares the
 * cores with the API and PostgreSQL) through its first few thousand requests: against a 100,000-message room with
 * 1,000 sockets connected, the p99 of 1,000 newest pages after 200 unmeasured ones went 6.4 → 4.7 → 4.0 → 2.8 → 3.0 →
 * 2.4 ms over six rounds in a row (p50 1.30 → 0.86 ms). The target is a running server's.
 */
export const HISTORY_WARM_REQUESTS = 3000;

/**
 * What a run holds from its start to its end, whichever phase failed: enough to report, and to stop and remove
 * whatever was started (the temp folder, PostgreSQL and the generator workers are set here as soon as they exist).
 */
export interface BenchRun {
  readonly opts: Options;
  readonly progress: Progress;
  readonly results: Results;
  tmp?: string;
  db?: Database;
  gens?: Generators;
}

/**
 * What the phases share once the servers run: each phase reads what the earlier ones left here and writes its
 * figures into `results`.
 */
export interface BenchContext extends BenchRun {
  /** Part of every username and client id of this run. */
  readonly tag: string;
  /** The API's JWT_SECRET: the idle-socket users made by SQL get tokens signed with it. */
  readonly jwtSecret: string;
  readonly tmp: string;
  /** The open-files limit children are started with (undefined: the default is enough). */
  readonly fdLimit: number | undefined;
  readonly db: Database;
  readonly gens: Generators;
  /** The single API process; undefined while a phase runs others in its place (`ensureApi` starts it again). */
  api: Server | undefined;
  /** Set by the setup: the load users, the room of each (by index) and every room. */
  users: BenchUser[];
  userRoom: string[];
  roomIds: string[];
  /** Set by the history phase: the room of the long history (explain and profile request its pages). */
  historyRoom: string | null;
  /** How long seeding the history room took, s. */
  historySeedSeconds: number;
  /** Set by the room-list phase: the user in many rooms (explain and profile request their `GET /rooms`). */
  listUser: BenchUser | null;
  /** Set by the search phase: the user whose searches are timed (explain requests them too). */
  searchUser: BenchUser | null;
}

export function newRun(opts: Options): BenchRun {
  return { opts, progress: new Progress(), results: newResults(opts) };
}
