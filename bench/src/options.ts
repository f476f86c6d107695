import { parseArgs } from 'node:util';

/** Every knob of the bench, with the full run's defaults and the smoke mode's. `--help` prints them. */
export interface Options {
  smoke: boolean;
  users: number;
  rooms: number;
  sockets: number;
  workers: number;
  rates: number[];
  refine: number;
  warmupS: number;
  stepS: number;
  ackTimeoutS: number;
  p99Ms: number;
  bodyBytes: number;
  idleSockets: number;
  idleUsers: 'sql' | 'rest';
  history: number;
  historyRequests: number;
  roomsList: number;
  roomsListMessages: number;
  listRequests: number;
  deleteMessages: number;
  searchMessages: number;
  searchRooms: number;
  searchUserRooms: number;
  dbPauseS: number;
  redis: string;
  redisBaseline: boolean;
  skip: Set<string>;
  out: string;
  name: string;
  keepTmp: boolean;
  maxMinutes: number;
  registerConcurrency: number;
  /** Node flags for the API processes (e.g. --cpu-prof), split at spaces. */
  apiNodeFlags: string[];
  /** false: the run measures the send path without the search column and indexes (a comparison, not a full run). */
  searchIndexes: boolean;
}

export const PHASES = [
  'trips',
  'app',
  'reactions',
  'bigroom',
  'profile',
  'relay',
  'delete',
  'pause',
  'idle',
  'push',
  'history',
  'rooms',
  'search',
  'explain',
  'scale',
] as const;

const HELP = `pnpm bench [-- options]       load benchmark of the chat API against a bare Socket.IO relay

  --smoke                 a few seconds, tiny sizes: checks that the bench runs and reports
  --users N               registered users (REST)                              [1000; smoke 20]
  --rooms N               public rooms, users spread evenly (rooms of users/N)  [100; smoke 4]
  --sockets N             load sockets, socket i for user i % users            [= users]
  --workers N             generator processes (one holds ~9,500 msg/s here)   [1]
  --rates a,b,c           offered rates to step through, msg/s                 [125,250,…,16000; smoke 50,100]
  --refine N              bisection steps between the last pass and first fail [3; smoke 0]
  --warmup S --step S     warm-up and measured seconds per step                [1, 4; smoke 0.3, 0.7]
  --ack-timeout S         an ack later than this is a send error               [5]
  --p99 MS                latency limit of a sustained rate                    [100; smoke 1000]
  --body-bytes N          message body size                                    [80]
  --idle-sockets N        idle authenticated sockets for RSS/socket (0: skip)  [10000; smoke 100]
  --idle-users sql|rest   make those users by SQL (fast) or by REST register    [sql]
  --history N             messages in the history room (0: skip)               [1000000; smoke 10000]
  --history-requests N    timed requests per history page                      [1000; smoke 20]
  --rooms-list N          rooms of the GET /rooms user (0: skip)               [200; smoke 10]
  --rooms-list-messages N messages in each of those rooms                      [50; smoke 5]
  --delete-messages N     messages of the room deleted while other rooms send (0: skip) [100000; smoke 2000]
  --search-messages N     messages seeded for search, over --search-rooms rooms (0: skip) [1000000; smoke 10000]
  --search-rooms N        rooms holding them                                   [1000; smoke 20]
  --search-user-rooms N   of which the searching user is in                    [50; smoke 5]
  --db-pause S            seconds PostgreSQL is stopped (SIGSTOP) under load (0: skip) [10; smoke 1]
  --redis auto|off|URL    two API processes on Redis: a loopback REDIS_URL, or a throwaway
                          redis-server when installed (auto)                   [auto; smoke off]
  --no-redis-baseline     skip one API process on Redis (the 2-process comparison's base)
  --skip a,b              skip phases: ${PHASES.join(', ')}
  --out DIR --name NAME   results: DIR/NAME.json, .md, .svg                    [bench/results, latest; smoke: smoke]
  --keep-tmp              keep the temp folder (logs, PostgreSQL data)
  --api-node-flags="F"    node flags for the API processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
  --search-indexes off    the send path without the search column and indexes: what they cost (skips search, explain)
  --max-minutes N         abort (and clean up) after this long                 [20; smoke 4]
`;

function list(v: string | undefined): number[] | undefined {
  return v
    ?.split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n > 0);
}

export function parseOptions(argv: string[], defaultOut: string): Options {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      smoke: { type: 'boolean' },
      users: { type: 'string' },
      rooms: { type: 'string' },
      sockets: { type: 'string' },
      workers: { type: 'string' },
      rates: { type: 'string' },
      refine: { type: 'string' },
      warmup: { type: 'string' },
      step: { type: 'string' },
      'ack-timeout': { type: 'string' },
      p99: { type: 'string' },
      'body-bytes': { type: 'string' },
      'idle-sockets': { type: 'string' },
      'idle-users': { type: 'string' },
      history: { type: 'string' },
      'history-requests': { type: 'string' },
      'rooms-list': { type: 'string' },
      'rooms-list-messages': { type: 'string' },
      'list-requests': { type: 'string' },
      'delete-messages': { type: 'string' },
      'search-messages': { type: 'string' },
      'search-rooms': { type: 'string' },
      'search-user-rooms': { type: 'string' },
      'db-pause': { type: 'string' },
      redis: { type: 'string' },
      'no-redis-baseline': { type: 'boolean' },
      skip: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      'keep-tmp': { type: 'boolean' },
      'max-minutes': { type: 'string' },
      'register-concurrency': { type: 'string' },
      'api-node-flags': { type: 'string' },
      'search-indexes': { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const smoke = Boolean(values.smoke);
  const num = (v: string | undefined, full: number, small: number) => {
    if (v === undefined) return smoke ? small : full;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`bad number: ${v}`);
    return n;
  };
  const users = num(values.users, 1000, 20);
  const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
  for (const s of skip)
    if (!(PHASES as readonly string[]).includes(s)) throw new Error(`--skip: unknown phase ${s} (${PHASES.join(', ')})`);
  if (smoke && values.skip === undefined) skip.add('profile');
  const searchIndexes = values['search-indexes'] ?? 'on';
  if (searchIndexes !== 'on' && searchIndexes !== 'off') throw new Error('--search-indexes is on or off');
  if (searchIndexes === 'off') for (const phase of ['search', 'explain'] as const) skip.add(phase);
  const idleUsers = values['idle-users'] ?? 'sql';
  if (idleUsers !== 'sql' && idleUsers !== 'rest') throw new Error('--idle-users is sql or rest');
  return {
    smoke,
    users,
    rooms: Math.max(1, Math.min(users, num(values.rooms, 100, 4))),
    sockets: num(values.sockets, users, users),
    workers: Math.max(1, num(values.workers, 1, 1)),
    rates: list(values.rates) ?? (smoke ? [50, 100] : [125, 250, 500, 1000, 2000, 4000, 8000, 16000]),
    refine: num(values.refine, 3, 0),
    warmupS: num(values.warmup, 1, 0.3),
    stepS: num(values.step, 4, 0.7),
    ackTimeoutS: num(values['ack-timeout'], 5, 5),
    // the smoke mode checks that every phase runs and reports, never how fast: a loaded CI machine must not fail its steps
    p99Ms: num(values.p99, 100, 1000),
    bodyBytes: num(values['body-bytes'], 80, 80),
    idleSockets: num(values['idle-sockets'], 10_000, 100),
    idleUsers,
    history: num(values.history, 1_000_000, 10_000),
    historyRequests: num(values['history-requests'], 1000, 20),
    roomsList: num(values['rooms-list'], 200, 10),
    roomsListMessages: num(values['rooms-list-messages'], 50, 5),
    listRequests: num(values['list-requests'], 200, 20),
    deleteMessages: num(values['delete-messages'], 100_000, 2000),
    searchMessages: num(values['search-messages'], 1_000_000, 10_000),
    searchRooms: Math.max(1, num(values['search-rooms'], 1000, 20)),
    searchUserRooms: Math.max(1, num(values['search-user-rooms'], 50, 5)),
    dbPauseS: num(values['db-pause'], 10, 1),
    redis: values.redis ?? (smoke ? 'off' : 'auto'),
    redisBaseline: !values['no-redis-baseline'],
    skip,
    out: values.out ?? defaultOut,
    name: values.name ?? (smoke ? 'smoke' : 'latest'),
    keepTmp: Boolean(values['keep-tmp']),
    maxMinutes: num(values['max-minutes'], 20, 4),
    registerConcurrency: num(values['register-concurrency'], 4, 4),
    apiNodeFlags: (values['api-node-flags'] ?? '').split(' ').filter(Boolean),
    searchIndexes: searchIndexes === 'on',
  };
}
