import { randomBytes } from 'node:crypto';
import { type DynamicModule, Global, type LoggerService, Module, type Type } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { expect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AppException } from '../src/common/app-exception.js';
import { type DomainEventMap, type DomainEventName, DomainEventsModule } from '../src/common/events/domain-events.js';
import { RateLimitModule } from '../src/common/rate-limit.service.js';
import { MetricsModule } from '../src/common/metrics.js';
import { RevocationsModule } from '../src/common/revocations.service.js';
import { APP_CONFIG, type AppConfig, loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { HotStatementsModule } from '../src/database/prepared-query.js';
import { FriendshipsService } from '../src/modules/friendships/friendships.service.js';
import type { RoomEntity } from '../src/modules/rooms/entities/room.entity.js';
import { MembersService } from '../src/modules/rooms/members.service.js';
import { RoomsService } from '../src/modules/rooms/rooms.service.js';
import type { UserEntity } from '../src/modules/users/entities/user.entity.js';
import { UsersService } from '../src/modules/users/users.service.js';
import { createTestDatabase, uniqueName } from './harness.js';

/**
 * "Medium" tests (immich's `test/medium/`): services called directly, no HTTP, on a fresh database of the run's
 * PostgreSQL with every migration applied. `createServiceTest([FriendshipsModule])` builds a Nest testing module with
 * the ground floor of the app (configuration, TypeORM, domain events, rate limits, revocation versions) and the given feature modules.
 */
export interface ServiceTest {
  module: TestingModule;
  databaseUrl: string;
  dataSource: DataSource;
  config: AppConfig;
  /** Every domain event emitted since the module started (or since `events.clear()`). */
  events: EventLog;
  /** A provider of any imported module (exported or not). */
  get<T>(type: Type<T>): T;
  /** Runs one statement on the test database, answers its rows. */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A new user (no usable password: these tests never log in). */
  createUser(overrides?: Partial<{ username: string; displayName: string }>): Promise<UserEntity>;
  /** Stops the module: TypeORM's connections close, `onApplicationShutdown` hooks run. */
  close(): Promise<void>;
}

/** Configuration as the app would load it, with `env` on top (message limits high: tests send fast). */
function testConfig(env: Record<string, string>): AppConfig {
  return loadConfig({
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '',
    DATA_DIR: '/tmp/chat-test-data',
    MESSAGE_RATE_PER_SECOND: '10000',
    MESSAGE_BURST: '100000',
    SOCKET_EVENTS_PER_SECOND: '100000',
    SOCKET_EVENT_BURST: '100000',
    MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
    ...env,
  });
}

@Global()
@Module({})
class TestConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TestConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/** Nest's own chatter (modules initialised) is noise here; warnings and errors still show. */
const quietLogger: LoggerService = {
  log: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
  warn: (message: unknown, ...rest: unknown[]) => console.warn(message, ...rest),
  error: (message: unknown, ...rest: unknown[]) => console.error(message, ...rest),
};

export async function createServiceTest(
  features: Array<Type<unknown> | DynamicModule>,
  env: Record<string, string> = {},
): Promise<ServiceTest> {
  const databaseUrl = await createTestDatabase();
  const config = { ...testConfig(env), databaseUrl };
  const module = await Test.createTestingModule({
    imports: [
      TestConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), autoLoadEntities: true, retryAttempts: 0 }),
      HotStatementsModule,
      MetricsModule,
      DomainEventsModule,
      RateLimitModule,
      RevocationsModule,
      ...features,
    ],
  })
    .setLogger(quietLogger)
    .compile();
  await module.init();
  const events = new EventLog(module.get(EventEmitter2));
  const dataSource = module.get(DataSource);
  return {
    module,
    databaseUrl,
    dataSource,
    config,
    events,
    get: <T>(type: Type<T>) => module.get(type, { strict: false }),
    sql: <R>(text: string, params: unknown[] = []) => dataSource.query(text, params) as Promise<R[]>,
    createUser: (overrides = {}) => {
      const username = overrides.username ?? uniqueName();
      return module.get(UsersService, { strict: false }).create({
        username,
        email: `${username}@example.test`,
        passwordHash: 'not-a-hash',
        displayName: overrides.displayName ?? username,
      });
    },
    close: () => module.close(),
  };
}

type Recorded = { [E in DomainEventName]: { name: E; payload: DomainEventMap[E] } }[DomainEventName];

/** Records the domain events emitted on the module's event bus, as a listener would receive them. */
export class EventLog {
  private recorded: Recorded[] = [];

  constructor(emitter: EventEmitter2) {
    emitter.onAny((name, payload) => {
      this.recorded.push({ name, payload } as Recorded);
    });
  }

  /** Every event, in emission order. */
  all(): Recorded[] {
    return [...this.recorded];
  }

  /** Names of every event, in emission order. */
  names(): DomainEventName[] {
    return this.recorded.map((e) => e.name);
  }

  /** Payloads of the events of one name, in emission order. */
  of<E extends DomainEventName>(name: E): Array<DomainEventMap[E]> {
    return this.recorded.filter((e) => e.name === name).map((e) => e.payload as DomainEventMap[E]);
  }

  clear(): void {
    this.recorded = [];
  }
}

/** Asserts that `work` fails with an AppException of this HTTP status and contract code. */
export async function expectAppError(work: Promise<unknown>, status: number, code: string): Promise<AppException> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppException);
  const app = err as AppException;
  expect({ status: app.status, code: app.code }).toEqual({ status, code });
  return app;
}

// ---- seeding through the services (their modules must be imported) ----

/** Makes two users friends: a request and its acceptance. */
export async function befriend(t: ServiceTest, x: UserEntity, y: UserEntity): Promise<void> {
  const friends = t.get(FriendshipsService);
  await friends.respond(y.id, (await friends.sendRequest(x.id, y.id)).id, 'accept');
}

/**
 * A group room owned by `owner` with `members` in it. A private room is created public, joined, then made private by
 * its owner: its members need no invite (and so no friendship with the owner).
 */
export async function createGroupRoom(
  t: ServiceTest,
  owner: UserEntity,
  opts: { visibility?: 'public' | 'private'; members?: UserEntity[]; name?: string } = {},
): Promise<RoomEntity> {
  const rooms = t.get(RoomsService);
  const membership = t.get(MembersService);
  const visibility = opts.visibility ?? 'public';
  const room = await rooms.create(owner.id, { name: opts.name ?? uniqueName('room'), visibility: 'public' });
  for (const m of opts.members ?? []) await membership.join(room.id, m.id);
  if (visibility === 'private') await rooms.update(room.id, owner.id, { visibility: 'private' });
  room.visibility = visibility;
  return room;
}
