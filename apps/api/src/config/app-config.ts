import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Variables that may hold a secret (a key, or a password inside a URL): their values never go to the output. */
const SECRET_VARS = new Set([
  'JWT_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'S3_SECRET_ACCESS_KEY',
  'VAPID_PRIVATE_KEY',
  'METRICS_TOKEN',
]);
const MIN_SECRET_LENGTH = 32;

/** Every environment variable the API reads, with its rule. README's configuration table mirrors this class. */
export class EnvironmentVariables {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(MIN_SECRET_LENGTH, { message: `must be at least ${MIN_SECRET_LENGTH} characters` })
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(31536000)
  SESSION_TTL_SECONDS = 30 * 24 * 3600;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// connection URL' })
  REDIS_URL?: string;

  /**
   * How Socket.IO's Redis adapter crosses processes: `classic` pub/sub, or `sharded` pub/sub (Redis 7+, SPUBLISH on a
   * channel per room), which spreads over the nodes of a Redis Cluster.
   */
  @IsOptional()
  @IsIn(['classic', 'sharded'])
  REDIS_PUBSUB: 'classic' | 'sharded' = 'classic';

  /** Comma-separated origins allowed for CORS and the socket handshake. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WEB_ORIGINS?: string;

  /** Where users reach the app; used in mailed links. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOG_PRETTY = false;

  /** Trust X-Forwarded-For from this many proxy hops (0: never). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  MAIL_FROM = 'Chat <no-reply@localhost>';

  /** Web Push: the VAPID key pair (base64url, as `web-push generate-vapid-keys` prints it); both or neither. */
  @ValidateIf((o: EnvironmentVariables) => o.VAPID_PUBLIC_KEY !== undefined || o.VAPID_PRIVATE_KEY !== undefined)
  @Matches(/^[A-Za-z0-9_-]{87}$/, {
    message: 'must be a base64url uncompressed P-256 public key (87 characters), set with VAPID_PRIVATE_KEY',
  })
  VAPID_PUBLIC_KEY?: string;

  @ValidateIf((o: EnvironmentVariables) => o.VAPID_PUBLIC_KEY !== undefined || o.VAPID_PRIVATE_KEY !== undefined)
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a base64url P-256 private key (43 characters), set with VAPID_PUBLIC_KEY' })
  VAPID_PRIVATE_KEY?: string;

  /** The contact push services may reach about this server: `mailto:` or `https:`. */
  @IsOptional()
  @Matches(/^(mailto:.+|https:\/\/.+)$/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;

  /**
   * Hosts push subscriptions may point at (an SSRF guard): exact names, or `*.` plus a domain for its subdomains.
   * https only, except loopback hosts (127.0.0.1, ::1, localhost) listed here, which may use http (tests, development).
   */
  @IsOptional()
  @IsString()
  PUSH_ENDPOINT_HOSTS =
    'fcm.googleapis.com,android.googleapis.com,updates.push.services.mozilla.com,*.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com,*.push.apple.com';

  /** First retry of a failed push after this long, doubling at each failure (at most an hour between tries). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  PUSH_RETRY_BASE_MS = 10_000;

  /** Tries of one push before it is given up. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  PUSH_MAX_ATTEMPTS = 8;

  /**
   * A process that claimed a push or e-mail job holds it this long; past it (the process died while sending) any
   * process takes it again. Longer than a push or an SMTP send can take.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DELIVERY_LEASE_MS = 60_000;

  /** DMs and mentions still unread this long after they arrived are mailed (with `emailNotifications: "missed"`). */
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10080)
  EMAIL_NOTIFY_DELAY_MINUTES = 15;

  /** Serves `GET /api/metrics` (Prometheus) to requests bearing this token; unset: no metrics endpoint (404). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_IP = 20;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ACCOUNT = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REGISTER_LIMIT_PER_IP = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_LIMIT_WINDOW_SECONDS = 900;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  MAX_JSON_BYTES = 256 * 1024;

  /** Messages a user may send per second, sustained (REST and socket together). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MESSAGE_RATE_PER_SECOND = 10;

  /** Messages a user may send in a burst before the sustained rate applies. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MESSAGE_BURST = 30;

  /** Largest Socket.IO frame accepted, in bytes; a bigger one closes that connection only. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  SOCKET_MAX_BYTES = 100_000;

  /** Sockets one user may hold open on one API process (tabs and devices); more are refused at the handshake. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_SOCKETS_PER_USER = 20;

  /** Sends waiting for the message writer on one process; past it sends are refused at once with 503 UNAVAILABLE. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MESSAGE_QUEUE_MAX = 10_000;

  /** Messages a deleted room loses per statement while its history is removed in the background. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ROOM_DELETE_BATCH_SIZE = 500;

  /**
   * Shortest pause between two such statements (it is also at least twice the last statement's time), so other rooms'
   * sends keep the database.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ROOM_DELETE_PAUSE_MS = 20;

  /** Longest a database statement of the API may run before PostgreSQL cancels it (the request answers 503). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 15_000;

  /** Longest a statement may wait for a row lock before PostgreSQL gives up (the request answers 503). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  DB_LOCK_TIMEOUT_MS = 5_000;

  /** Joins, leaves, kicks and role changes one user may make per minute (429 above). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MEMBERSHIP_CHANGES_PER_MINUTE = 30;

  /** Events one socket may send per second, sustained (all events together); past it they are acked RATE_LIMITED. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SOCKET_EVENTS_PER_SECOND = 20;

  /** Events one socket may send in a burst; a socket refused this many more in a row is disconnected. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SOCKET_EVENT_BURST = 60;

  /** How long a connection may stay open without completing an authenticated Socket.IO handshake. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  SOCKET_CONNECT_TIMEOUT_MS = 10_000;

  /** Largest uploaded file, in bytes (413 above). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  MAX_FILE_BYTES = 25 * 1024 * 1024;

  /** Total bytes of the files one user may keep (413 above). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  USER_QUOTA_BYTES = 1024 * 1024 * 1024;

  /**
   * Total bytes of the files the whole server may keep: past it every upload answers 413 until files are deleted.
   * Unset: no limit beyond the disk's.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  STORAGE_LIMIT_BYTES?: number;

  /** Hours after which an upload never attached to a message nor used as a picture is removed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  ORPHAN_FILE_HOURS = 24;

  /** Hours a deleted message's file stays (readable by its uploader only) before its bytes are removed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DELETED_FILE_GRACE_HOURS = 24;

  /** Largest image accepted, in pixels (width × height); a bigger one is refused before it is decoded. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_IMAGE_PIXELS = 50_000_000;

  /** Uploads one user may start per minute. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_PER_MINUTE = 60;

  /** Where uploaded files are kept: `local` (DATA_DIR/files) or `s3` (an S3-compatible bucket). */
  @IsOptional()
  @IsIn(['local', 's3'])
  STORAGE: 'local' | 's3' = 'local';

  /** Endpoint of an S3-compatible service (MinIO, Garage, R2...); unset for AWS itself. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @ValidateIf((o: EnvironmentVariables) => o.STORAGE === 's3')
  @IsString({ message: 'must be set when STORAGE=s3' })
  @MinLength(3, { message: 'must be set when STORAGE=s3' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_REGION = 'us-east-1';

  /** With S3_SECRET_ACCESS_KEY; both unset: the AWS SDK's default credential chain (environment, instance role). */
  @ValidateIf((o: EnvironmentVariables) => o.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'must be set together with S3_SECRET_ACCESS_KEY' })
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((o: EnvironmentVariables) => o.S3_ACCESS_KEY_ID !== undefined)
  @IsString({ message: 'must be set together with S3_ACCESS_KEY_ID' })
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (`endpoint/bucket/key`), which most self-hosted S3 servers need. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Who may create an account on a new server: the first default of the setting, which admins then change live. */
  @IsOptional()
  @IsIn(['open', 'invite', 'closed'])
  REGISTRATION: 'open' | 'invite' | 'closed' = 'open';

  /** The server's name shown to clients, until an admin renames it. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  SERVER_NAME = 'Chat';

  /** Built SPA served at `/`; empty disables. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;
}

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  sessionTtlSeconds: number;
  redisUrl: string | undefined;
  redisPubSub: 'classic' | 'sharded';
  webOrigins: string[];
  publicUrl: string;
  logLevel: string;
  logPretty: boolean;
  trustProxyHops: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  push: PushConfig;
  emailNotifyDelayMinutes: number;
  /** Bearer token of `GET /api/metrics`; null: the endpoint is off. */
  metricsToken: string | null;
  limits: {
    loginPerIp: number;
    loginPerAccount: number;
    registerPerIp: number;
    authWindowSeconds: number;
    maxJsonBytes: number;
    messageRatePerSecond: number;
    messageBurst: number;
    socketMaxBytes: number;
    maxSocketsPerUser: number;
    messageQueueMax: number;
    roomDeleteBatchSize: number;
    roomDeletePauseMs: number;
    dbStatementTimeoutMs: number;
    dbLockTimeoutMs: number;
    membershipChangesPerMinute: number;
    socketEventsPerSecond: number;
    socketEventBurst: number;
    socketConnectTimeoutMs: number;
  };
  files: FilesConfig;
  /** First defaults of the server settings, stored in the database at the first start (admins change them there). */
  server: { name: string; registration: 'open' | 'invite' | 'closed' };
  webDistDir: string | null;
}

export interface FilesConfig {
  storage: 'local' | 's3';
  /** Local storage root, and the spool folder of uploads in progress (`<dir>/.tmp`) whatever the storage. */
  dir: string;
  maxFileBytes: number;
  userQuotaBytes: number;
  /** Total bytes of all stored files; null: no limit. */
  storageLimitBytes: number | null;
  orphanFileHours: number;
  deletedFileGraceHours: number;
  maxImagePixels: number;
  uploadsPerMinute: number;
  s3: {
    endpoint: string | undefined;
    bucket: string;
    region: string;
    accessKeyId: string | undefined;
    secretAccessKey: string | undefined;
    forcePathStyle: boolean;
  } | null;
}

export interface PushConfig {
  /** From the environment; null: generated once into `DATA_DIR/vapid-keys.json`. */
  vapidKeys: { publicKey: string; privateKey: string } | null;
  vapidSubject: string;
  /** Lower-cased host patterns: `host` or `*.domain`. */
  endpointHosts: string[];
  retryBaseMs: number;
  maxAttempts: number;
  /** How long a claimed delivery job stays the claiming process's (DELIVERY_LEASE_MS). */
  leaseMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

const here = dirname(fileURLToPath(import.meta.url));

/** Parses and validates the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set" (compose files often write `PORT=`); only WEB_DIST_DIR gives "" a meaning.
  const given = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' || k === 'WEB_DIST_DIR'));
  const vars = plainToInstance(EnvironmentVariables, given);
  const errors = validateSync(vars, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      // the value as written in the environment (the parsed one may be NaN, shown as null)
      const value = SECRET_VARS.has(e.property) ? ' (value hidden)' : `=${JSON.stringify(given[e.property])}`;
      return `  ${e.property}${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = resolve(vars.DATA_DIR);
  const publicUrl = (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, '');
  const webOrigins = vars.WEB_ORIGINS
    ? vars.WEB_ORIGINS.split(',')
        .map((s) => s.trim().replace(/\/+$/, ''))
        .filter(Boolean)
    : [publicUrl, `http://localhost:${vars.PORT}`, `http://127.0.0.1:${vars.PORT}`];
  const webDistDir =
    vars.WEB_DIST_DIR === undefined ? resolve(here, '../../../web/dist') : vars.WEB_DIST_DIR === '' ? null : resolve(vars.WEB_DIST_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    jwtSecret: vars.JWT_SECRET ?? loadOrCreateSecret(dataDir),
    sessionTtlSeconds: vars.SESSION_TTL_SECONDS,
    redisUrl: vars.REDIS_URL,
    redisPubSub: vars.REDIS_PUBSUB,
    webOrigins: [...new Set(webOrigins)],
    publicUrl,
    logLevel: vars.LOG_LEVEL,
    logPretty: vars.LOG_PRETTY,
    trustProxyHops: vars.TRUST_PROXY_HOPS,
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM,
    push: {
      vapidKeys:
        vars.VAPID_PUBLIC_KEY && vars.VAPID_PRIVATE_KEY ? { publicKey: vars.VAPID_PUBLIC_KEY, privateKey: vars.VAPID_PRIVATE_KEY } : null,
      vapidSubject: vars.VAPID_SUBJECT ?? (publicUrl.startsWith('https://') ? publicUrl : 'mailto:admin@localhost'),
      endpointHosts: vars.PUSH_ENDPOINT_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      retryBaseMs: vars.PUSH_RETRY_BASE_MS,
      maxAttempts: vars.PUSH_MAX_ATTEMPTS,
      leaseMs: vars.DELIVERY_LEASE_MS,
    },
    emailNotifyDelayMinutes: vars.EMAIL_NOTIFY_DELAY_MINUTES,
    metricsToken: vars.METRICS_TOKEN ?? null,
    limits: {
      loginPerIp: vars.LOGIN_LIMIT_PER_IP,
      loginPerAccount: vars.LOGIN_LIMIT_PER_ACCOUNT,
      registerPerIp: vars.REGISTER_LIMIT_PER_IP,
      authWindowSeconds: vars.AUTH_LIMIT_WINDOW_SECONDS,
      maxJsonBytes: vars.MAX_JSON_BYTES,
      messageRatePerSecond: vars.MESSAGE_RATE_PER_SECOND,
      messageBurst: vars.MESSAGE_BURST,
      socketMaxBytes: vars.SOCKET_MAX_BYTES,
      maxSocketsPerUser: vars.MAX_SOCKETS_PER_USER,
      messageQueueMax: vars.MESSAGE_QUEUE_MAX,
      roomDeleteBatchSize: vars.ROOM_DELETE_BATCH_SIZE,
      roomDeletePauseMs: vars.ROOM_DELETE_PAUSE_MS,
      dbStatementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS,
      dbLockTimeoutMs: vars.DB_LOCK_TIMEOUT_MS,
      membershipChangesPerMinute: vars.MEMBERSHIP_CHANGES_PER_MINUTE,
      socketEventsPerSecond: vars.SOCKET_EVENTS_PER_SECOND,
      socketEventBurst: vars.SOCKET_EVENT_BURST,
      socketConnectTimeoutMs: vars.SOCKET_CONNECT_TIMEOUT_MS,
    },
    files: {
      storage: vars.STORAGE,
      dir: join(dataDir, 'files'),
      maxFileBytes: vars.MAX_FILE_BYTES,
      userQuotaBytes: vars.USER_QUOTA_BYTES,
      storageLimitBytes: vars.STORAGE_LIMIT_BYTES ?? null,
      orphanFileHours: vars.ORPHAN_FILE_HOURS,
      deletedFileGraceHours: vars.DELETED_FILE_GRACE_HOURS,
      maxImagePixels: vars.MAX_IMAGE_PIXELS,
      uploadsPerMinute: vars.UPLOAD_RATE_PER_MINUTE,
      s3:
        vars.STORAGE === 's3'
          ? {
              endpoint: vars.S3_ENDPOINT,
              bucket: vars.S3_BUCKET!,
              region: vars.S3_REGION,
              accessKeyId: vars.S3_ACCESS_KEY_ID,
              secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
              forcePathStyle: vars.S3_FORCE_PATH_STYLE,
            }
          : null,
    },
    server: { name: vars.SERVER_NAME.trim() || 'Chat', registration: vars.REGISTRATION },
    webDistDir,
  };
}

/**
 * JWT secret generated once and kept in DATA_DIR, so sessions survive restarts. When two processes start together
 * the first one writes it and the other reads it; a damaged file (too short a secret) stops the start.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      return secret;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `Invalid configuration:\n  ${file}: the JWT secret kept there is shorter than ${MIN_SECRET_LENGTH} characters; delete the file to generate a new one (every session ends) or set JWT_SECRET`,
    );
  }
  return secret;
}
