import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });
  const failure = (env: Record<string, string>): string => {
    try {
      load(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('loadConfig accepted a bad configuration');
  };

  it('gives the documented defaults with typed values', () => {
    const c = load({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir,
      sessionTtlSeconds: 30 * 24 * 3600,
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      logPretty: false,
      trustProxyHops: 0,
      smtpUrl: undefined,
      limits: { loginPerIp: 20, loginPerAccount: 10, registerPerIp: 10, authWindowSeconds: 900, maxJsonBytes: 256 * 1024 },
    });
    expect(c.webOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
  });

  it('reads the first defaults of the server settings (REGISTRATION, SERVER_NAME) and refuses a bad mode', () => {
    expect(load({}).server).toEqual({ name: 'Chat', registration: 'open' });
    expect(load({ REGISTRATION: 'invite', SERVER_NAME: ' Our Place ' }).server).toEqual({ name: 'Our Place', registration: 'invite' });
    expect(failure({ REGISTRATION: 'sometimes' })).toMatch(/REGISTRATION="sometimes"/);
    expect(failure({ SERVER_NAME: 'x'.repeat(81) })).toMatch(/SERVER_NAME/);
  });

  it('parses numbers, booleans, lists and URLs from strings', () => {
    const c = load({
      PORT: '8080',
      LOG_PRETTY: 'true',
      LOGIN_LIMIT_PER_ACCOUNT: '3',
      SESSION_TTL_SECONDS: '60',
      PUBLIC_URL: 'https://chat.example.test///',
      WEB_ORIGINS: ' https://a.example.test/ , https://b.example.test,,',
      SMTP_URL: 'smtp://user:pw@mail.example.test:587',
    });
    expect(c.port).toBe(8080);
    expect(c.logPretty).toBe(true);
    expect(c.limits.loginPerAccount).toBe(3);
    expect(c.sessionTtlSeconds).toBe(60);
    expect(c.publicUrl).toBe('https://chat.example.test');
    expect(c.webOrigins).toEqual(['https://a.example.test', 'https://b.example.test']);
    expect(c.smtpUrl).toBe('smtp://user:pw@mail.example.test:587');
    expect(load({ LOG_PRETTY: '0' }).logPretty).toBe(false);
  });

  it('takes an empty variable as unset, so defaults apply (but an empty WEB_DIST_DIR disables the SPA)', () => {
    const c = load({ PORT: '', LOGIN_LIMIT_PER_IP: '', DATABASE_URL: '', JWT_SECRET: '', WEB_DIST_DIR: '' });
    expect(c.port).toBe(3000);
    expect(c.limits.loginPerIp).toBe(20);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.webDistDir).toBeNull();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['SESSION_TTL_SECONDS', '59'],
    ['LOGIN_LIMIT_PER_ACCOUNT', '0'],
    ['LOGIN_LIMIT_PER_IP', '2.5'],
    ['MAX_JSON_BYTES', '100'],
    ['TRUST_PROXY_HOPS', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_PRETTY', 'maybe'],
    ['PUBLIC_URL', 'chat.example.test'],
  ])('refuses %s=%j, naming the variable and its value', (name, value) => {
    const message = failure({ [name]: value });
    expect(message).toContain('Invalid configuration');
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
  });

  it('names every bad variable at once', () => {
    const message = failure({ PORT: 'abc', LOG_LEVEL: 'loud', SMTP_URL: 'mail.example.test' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/SMTP_URL/);
    expect(message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3);
  });

  it('names a bad secret variable without printing its value', () => {
    const message = failure({
      REDIS_URL: 'http://:redispass@redis:6379',
      JWT_SECRET: 'short-secret-value',
      DATABASE_URL: 'mysql://admin:hunter2@db/chat',
      SMTP_URL: 'http://mailer:s3cr3t@mail',
    });
    expect(message).toContain('JWT_SECRET');
    expect(message).toContain('must be at least 32 characters');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('SMTP_URL');
    expect(message).toContain('REDIS_URL');
    expect(message).not.toContain('short-secret-value');
    expect(message).not.toContain('redispass');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('s3cr3t');
  });

  describe('files', () => {
    it('defaults to local storage under DATA_DIR/files, 25 MiB files, a 1 GiB quota, no server-wide cap, a day before unused files go', () => {
      expect(load({}).files).toEqual({
        storage: 'local',
        dir: join(dataDir, 'files'),
        maxFileBytes: 25 * 1024 * 1024,
        userQuotaBytes: 1024 * 1024 * 1024,
        storageLimitBytes: null,
        orphanFileHours: 24,
        deletedFileGraceHours: 24,
        maxImagePixels: 50_000_000,
        uploadsPerMinute: 60,
        s3: null,
      });
    });

    it('reads STORAGE_LIMIT_BYTES, ORPHAN_FILE_HOURS and DELETED_FILE_GRACE_HOURS, and names a bad one', () => {
      const c = load({ STORAGE_LIMIT_BYTES: '10737418240', ORPHAN_FILE_HOURS: '6', DELETED_FILE_GRACE_HOURS: '0' });
      expect(c.files).toMatchObject({ storageLimitBytes: 10737418240, orphanFileHours: 6, deletedFileGraceHours: 0 });
      const message = failure({ STORAGE_LIMIT_BYTES: 'lots', ORPHAN_FILE_HOURS: '0' });
      expect(message).toContain('STORAGE_LIMIT_BYTES');
      expect(message).toContain('ORPHAN_FILE_HOURS');
    });

    it('reads the S3 settings when STORAGE=s3, and needs a bucket and both keys or neither', () => {
      const c = load({ STORAGE: 's3', S3_BUCKET: 'chat-files', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' });
      expect(c.files.s3).toEqual({
        endpoint: 'http://minio:9000',
        bucket: 'chat-files',
        region: 'us-east-1',
        accessKeyId: undefined,
        secretAccessKey: undefined,
        forcePathStyle: true,
      });
      expect(failure({ STORAGE: 's3' })).toMatch(/S3_BUCKET.*must be set when STORAGE=s3/);
      const message = failure({ STORAGE: 's3', S3_BUCKET: 'b', S3_SECRET_ACCESS_KEY: 'very-secret-key' });
      expect(message).toMatch(/S3_ACCESS_KEY_ID/);
      expect(message).not.toContain('very-secret-key');
      expect(failure({ STORAGE: 'ftp' })).toMatch(/STORAGE="ftp"/);
      expect(failure({ MAX_FILE_BYTES: '10' })).toMatch(/MAX_FILE_BYTES="10"/);
    });
  });

  describe('the JWT secret', () => {
    it('is JWT_SECRET when set, and then no file is written', () => {
      const secret = 's'.repeat(40);
      expect(load({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
      expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow();
    });

    it('is generated once into DATA_DIR/jwt-secret (mode 600) and read back on the next start', () => {
      const first = load({}).jwtSecret;
      expect(first.length).toBeGreaterThanOrEqual(32);
      const file = join(dataDir, 'jwt-secret');
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(load({}).jwtSecret).toBe(first);
      expect(load({ PORT: '4000' }).jwtSecret).toBe(first);
    });

    it('differs between data folders', () => {
      const other = mkdtempSync(join(tmpdir(), 'chat-config-'));
      try {
        expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(load({}).jwtSecret);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('creates DATA_DIR when it does not exist yet', () => {
      const nested = join(dataDir, 'a', 'b');
      const c = loadConfig({ DATA_DIR: nested });
      expect(readFileSync(join(nested, 'jwt-secret'), 'utf8').trim()).toBe(c.jwtSecret);
    });

    it('refuses a damaged secret file instead of signing with an empty key', () => {
      writeFileSync(join(dataDir, 'jwt-secret'), '\n');
      expect(() => load({})).toThrow(ConfigError);
      expect(() => load({})).toThrow(/jwt-secret/);
      // an explicit JWT_SECRET still works
      expect(load({ JWT_SECRET: 'k'.repeat(32) }).jwtSecret).toBe('k'.repeat(32));
    });
  });
});
