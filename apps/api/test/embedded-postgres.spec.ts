import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

const isRoot = process.getuid?.() === 0;
const modeOf = (path: string) => statSync(path).mode & 0o777;

async function canConnect(url: string, password: string): Promise<boolean> {
  const u = new URL(url);
  u.password = password;
  const client = new pg.Client({ connectionString: u.toString() });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded PostgreSQL (no DATABASE_URL): its password is generated and kept beside the JWT secret, never a fixed
 * default; and as root, the `postgres` OS user gets its own folder without any parent folder's mode being changed.
 */
describe('embedded PostgreSQL', () => {
  let top: string;
  let db: EmbeddedDatabase | null = null;
  beforeAll(() => {
    top = mkdtempSync(join(tmpdir(), 'chat-embedded-'));
    // search permission for others, no listing: enough for the postgres user to pass through
    chmodSync(top, 0o711);
  });
  afterEach(async () => {
    await db?.stop();
    db = null;
  });
  afterAll(() => {
    rmSync(top, { recursive: true, force: true });
  });

  it('generates a password, keeps it beside the cluster (0600), reuses it, and leaves the parents’ modes alone', async () => {
    const dataDir = join(top, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    db = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), database: 'chat' });

    const password = decodeURIComponent(new URL(db.url).password);
    expect(password).not.toBe('chat');
    expect(password.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'postgres-password');
    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    expect(modeOf(file)).toBe(0o600);
    expect(await canConnect(db.url, password)).toBe(true);
    expect(await canConnect(db.url, 'chat')).toBe(false);

    expect(modeOf(top)).toBe(0o711);
    expect(modeOf(dataDir)).toBe(0o755);
    if (isRoot) {
      const cluster = statSync(join(dataDir, 'postgres'));
      expect(cluster.uid).not.toBe(0); // the postgres user's own folder
      expect(cluster.mode & 0o077).toBe(0);
    }

    await db.stop();
    db = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), database: 'chat' });
    expect(decodeURIComponent(new URL(db.url).password)).toBe(password);
  });

  it('replaces the fixed password of a cluster made by an older version', async () => {
    const dataDir = join(top, 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    db = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), database: 'chat' });
    // what an older version left: the role's password "chat", and no password file
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`ALTER ROLE chat PASSWORD 'chat'`);
    await client.end();
    await db.stop();
    unlinkSync(join(dataDir, 'postgres-password'));

    db = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), database: 'chat' });
    const password = decodeURIComponent(new URL(db.url).password);
    expect(password).not.toBe('chat');
    expect(readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim()).toBe(password);
    expect(await canConnect(db.url, password)).toBe(true);
    expect(await canConnect(db.url, 'chat')).toBe(false);
  });

  (isRoot ? it : it.skip)(
    'refuses to start, naming the folder, when the postgres user cannot pass a parent folder, and changes no mode',
    async () => {
      const closed = join(top, 'closed');
      mkdirSync(closed, { mode: 0o700 });
      chmodSync(closed, 0o700);
      const dataDir = join(closed, 'data');
      mkdirSync(dataDir, { mode: 0o755 });
      await expect(startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), database: 'chat' })).rejects.toThrow(closed);
      expect(modeOf(closed)).toBe(0o700);
      expect(modeOf(dataDir)).toBe(0o755);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(false);
    },
  );
});
