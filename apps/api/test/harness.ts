import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { type AppConfig, loadConfig } from '../src/config/app-config.js';
import { runMigrations } from '../src/database/migrate.js';

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> of the listening app. */
  baseUrl: string;
  databaseUrl: string;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A fresh database on the run's PostgreSQL server with every migration applied: a copy of the run's template database
 * (global setup migrates it once), or, without one, created and migrated here.
 */
export async function createTestDatabase(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  const template = process.env.TEST_TEMPLATE_DATABASE;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  if (!template) await runMigrations(url.toString());
  return url.toString();
}

/**
 * Builds and starts the real app on a free port, on its own fresh database (or on `databaseUrl`, to start again on
 * the database of an app that was closed). `env` overrides configuration.
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { databaseUrl?: string } | string = {}): Promise<TestApp> {
  const databaseUrl = (typeof opts === 'string' ? opts : opts.databaseUrl) ?? (await createTestDatabase());
  const config = loadConfig({
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '',
    DATA_DIR: '/tmp/chat-test-data',
    ...env,
  });
  const app = await createApp({ ...config, databaseUrl }, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    databaseUrl,
    config,
    http: () => request(baseUrl),
    close: () => app.close(),
  };
}

let counter = 0;
/** A unique, valid username for this run. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${randomBytes(3).toString('hex')}`;
}

export interface Registered {
  token: string;
  user: { id: string; username: string; email: string; displayName: string };
  password: string;
}

/** Registers a new user through the API and returns its token. */
export async function register(
  t: TestApp,
  overrides: Partial<{ username: string; email: string; password: string; displayName: string }> = {},
): Promise<Registered> {
  const username = overrides.username ?? uniqueName();
  const body = {
    username,
    email: overrides.email ?? `${username}@example.test`,
    password: overrides.password ?? 'correct horse battery',
    ...(overrides.displayName ? { displayName: overrides.displayName } : {}),
  };
  const res = await t.http().post('/api/auth/register').send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, user: res.body.user, password: body.password };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
