import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import type { StepFigures } from './generators.js';
import type { Percentiles } from './histogram.js';
import type { SendBreakdown, ServerSide } from './metrics.js';
import type { Options } from './options.js';
import type { ProfileSummary } from './profile.js';
import type { Row } from './report.js';
import type { Miss } from './why.js';

/** A big room's fan-out beside the load (phase `bigroom`). */
export interface RoomBesideLoad {
  members: number;
  online: number;
  rate: number;
  loadRate: number;
  room: StepFigures;
  load: StepFigures;
  /** The server's CPU over the window per delivery of both (the big room's and the other rooms'), ms. */
  cpuPerDeliveryMs: number | null;
}

/** The results of a run: the shape of `<name>.json`, filled phase by phase (see README.md). */

export interface TargetResult {
  name: string;
  servers: number;
  sockets: { wanted: number; connected: number; failed: number; errors: string[]; connectMs: number };
  steps: StepFigures[];
  /** Highest offered rate with p99 within the limit, no send error and no loss; null when none passed. */
  sustained: number | null;
  /** True when the highest rate tried passed: the real ceiling is higher. */
  sustainedIsLowerBound: boolean;
  firstFail: number | null;
  atSustained: StepFigures | null;
  half: StepFigures | null;
  /** Where a send's time went on the server during the half-rate step (the API's metrics), when measured. */
  halfBreakdown?: SendBreakdown | null;
  extra: StepFigures[];
}

export interface IdleResult {
  target: string;
  sockets: number;
  connected: number;
  failed: number;
  errors: string[];
  connectSeconds: number;
  rssBeforeKb: number;
  rssHalfwayKb: number;
  rssAfterKb: number;
  /** (after − before) / sockets. */
  perSocketKb: number | null;
  /** (after − halfway) / sockets of the second half. */
  marginalKb: number | null;
  usersMadeBy?: string;
}

export interface ExplainEntry {
  ms: number;
  query: string;
  plan: string;
}

export interface ExplainCapture {
  request: string;
  statements: number;
  totalMs: number;
  entries: ExplainEntry[];
}

export interface Results {
  version: 1;
  mode: 'full' | 'smoke';
  startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  machine: Record<string, unknown>;
  options: Record<string, unknown>;
  setup?: {
    users: number;
    rooms: number;
    roomSize: number;
    registerSeconds: number;
    roomsSeconds: number;
    /** Registering and making or joining a room, ms per user: the first half on the empty database, the second after `historyMessages` were seeded. */
    perUserMsEmpty: number | null;
    perUserMsWithHistory: number | null;
    historyMessages: number;
    /** Sequential scans of `messages` and `room_members` during each half. */
    seqScans: Array<{ messages: number; roomMembers: number }>;
    /** The statements that took longest during the last half (pg_stat_statements). */
    statements: Array<Record<string, unknown>>;
  };
  /** Statements PostgreSQL runs per `message:send` (one at a time) and per newest history page (phase `trips`). */
  roundTrips?: {
    counted: number;
    perSend: number;
    perHistoryPage: number;
    /** Senders' profiles looked up during the counted requests (their cache expired), and how long those took. */
    senderLookups?: number;
    ms?: number;
  };
  app?: TargetResult;
  relay?: TargetResult;
  profile?: {
    windows: Array<{ label: string; summary: ProfileSummary }>;
    rate: number;
    step: StepFigures;
    summary: ProfileSummary | null;
    window: string;
    pgStatements: Array<Record<string, unknown>>;
    file: string | null;
  };
  idle?: { app?: IdleResult; relay?: IdleResult };
  history?: {
    messages: number;
    seedSeconds: number;
    requests: number;
    newest: Percentiles;
    deep: Percentiles;
    oldest: Percentiles;
    deepBefore: number;
    /** The newest pages as the API saw them (its metrics around the run), when it serves metrics. */
    newestServer: ServerSide | null;
  };
  /** Half the app's sustained rate with messages only and with a share of the sends reactions (phase `reactions`). */
  reactions?: {
    rate: number;
    share: number;
    plain: StepFigures;
    storm: StepFigures;
    /** The relay's p99 at the same rate (its "app half" step), when it ran. */
    relayP99: number | null;
  };
  /** A 500-member room, 200 online, 20 msg/s beside the load at half rate (phase `bigroom`). */
  bigRoom?: RoomBesideLoad;
  /** A 10,000-member public room, 100 online, 20 msg/s beside the load; then joins and history pages timed (phase `bigroom`). */
  hugeRoom?: RoomBesideLoad & { joins: Percentiles; history: Percentiles };
  /** Web Push through the delivery queue to a loopback push service (phase `push`). */
  push?: {
    rooms: number;
    subscriptions: number;
    expected: number;
    received: number;
    seconds: number;
    perSecond: number | null;
    /** The sends that caused the pushes (REST, mentioning every other member). */
    send: Percentiles;
  };
  /** Another room's sends before and while a room of `messages` messages is deleted (phase `delete`). */
  roomDelete?: {
    messages: number;
    rate: number;
    before: StepFigures;
    during: StepFigures;
    /** How long `DELETE /rooms/:id` took to answer, and until the room's last row was gone. */
    deleteAnsweredMs: number;
    deleteSeconds: number;
    /** Whether the deletion lasted the whole measured window of the step. */
    coveredWindow: boolean;
    stepSeconds: number;
    /** The relay's p99 at the same rate (its "app half" step), when it ran. */
    relayP99: number | null;
  };
  /** The API's RSS while PostgreSQL is stopped (SIGSTOP) under load (phase `pause`). */
  dbPause?: {
    seconds: number;
    rate: number;
    rssBeforeKb: number;
    rssMaxKb: number;
    rssAfterKb: number;
    /** The relay's RSS after its step at the same rate, when it ran. */
    relayRssKb: number | null;
    step: StepFigures;
  };
  /** Phase `search`: `GET /search/messages` for a word and a part of words, and `around=` paging. */
  search?: {
    messages: number;
    rooms: number;
    userRooms: number;
    seedSeconds: number;
    requests: number;
    wordResults: number;
    word: Percentiles;
    part: Percentiles;
    around: Percentiles | null;
    /** The `around=` pages as the API saw them, when it serves metrics. */
    aroundServer: ServerSide | null;
  };
  roomsList?: { rooms: number; messagesPerRoom: number; requests: number; latency: Percentiles; bytes: number };
  explain?: ExplainCapture[];
  scaleOut?: {
    redis: string;
    one?: TargetResult;
    two?: TargetResult;
    skipped?: string;
    /** Redis traffic (in + out) per message sent, with one and with two API processes. */
    redisBytesPerMessageOne?: number | null;
    redisBytesPerMessageTwo?: number | null;
    /** Which cores the processes ran on (see phases/scale-out.ts). */
    pinning?: string;
  };
  /** From the scale-out figures: CPU per message with one and two processes and the projected rates (see summary). */
  projection?: {
    rate: number;
    serverMsOne: number;
    serverMsTwo: number;
    redisMsTwo: number | null;
    postgresCeiling: number | null;
    projected: Array<{ processes: number; msgPerSec: number; limitedBy: 'api' | 'postgres' }>;
  };
  ratios: Record<string, number | null>;
  targets: Array<{ name: string; value: string; target: string; met: boolean | null }>;
  /** Each target not met, with what the run's figures say about why (see why.ts). */
  whyNotMet?: Miss[];
  table: Row[];
  errors: Record<string, string>;
  warnings: string[];
}

/** The results of a run that has just started: the machine and the options, nothing measured yet. */
export function newResults(opts: Options): Results {
  return {
    version: 1,
    mode: opts.smoke ? 'smoke' : 'full',
    startedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      freeMemoryGiB: Math.round(freemem() / 2 ** 30),
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
      node: process.version,
      kernel: release(),
    },
    options: { ...opts, skip: [...opts.skip] },
    ratios: {},
    targets: [],
    table: [],
    errors: {},
    warnings: [],
  };
}
