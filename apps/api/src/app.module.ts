import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventsModule } from './common/events/domain-events.js';
import { GlobalExceptionFilter } from './common/exception.filter.js';
import { RateLimitModule } from './common/rate-limit.service.js';
import { REDIS, REDIS_CLIENTS, type RedisClient } from './common/redis.js';
import { RevocationsModule } from './common/revocations.service.js';
import { DtoValidationPipe } from './common/validation.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { apiDataSourceOptions } from './database/data-source-options.js';
import { HotStatementsModule } from './database/prepared-query.js';
import { MetricsModule } from './common/metrics.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { AdminOverviewModule } from './modules/admin-overview/admin-overview.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { FileAccessModule } from './modules/file-access/file-access.module.js';
import { FilesModule } from './modules/files/files.module.js';
import { FriendshipsModule } from './modules/friendships/friendships.module.js';
import { HealthController } from './modules/health/health.controller.js';
import { MetricsController } from './modules/health/metrics.controller.js';
import { MessagesModule } from './modules/messages/messages.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { RealtimeModule } from './modules/realtime/realtime.module.js';
import { RoomViewsModule } from './modules/room-views/room-views.module.js';
import { RoomsModule } from './modules/rooms/rooms.module.js';
import { ServerModule } from './modules/server/server.module.js';
import { UsersModule } from './modules/users/users.module.js';

/** Closes the Redis connections once everything that uses them has stopped. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENTS) private readonly clients: RedisClient[]) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((c) => (c.isOpen ? c.quit().catch(() => c.destroy()) : undefined)));
  }
}

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig, redisClients: RedisClient[]): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: REDIS, useValue: redisClients[0] ?? null },
        { provide: REDIS_CLIENTS, useValue: redisClients },
        RedisCloser,
      ],
      exports: [APP_CONFIG, REDIS],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string }, redisClients: RedisClient[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // the ground floor: configuration, database (and the hot statements' pool), domain events, rate limits, scheduled jobs, revocation versions
        ConfigModule.forRoot(config, redisClients),
        TypeOrmModule.forRoot({ ...apiDataSourceOptions(config.databaseUrl, config.limits), autoLoadEntities: true }),
        HotStatementsModule,
        MetricsModule,
        DomainEventsModule,
        RateLimitModule,
        ScheduleModule.forRoot(),
        RevocationsModule,
        // domain modules, each above the ones it uses (UsersModule before FriendshipsModule: `/users/me` is matched
        // before the people routes' `/users/:id`)
        FilesModule,
        UsersModule,
        FriendshipsModule,
        AuditModule,
        ServerModule,
        AuthModule,
        RoomsModule,
        AccountsModule,
        MessagesModule,
        NotificationsModule,
        DeliveryModule,
        // read models and adapters on top
        RoomViewsModule,
        FileAccessModule,
        ReportsModule,
        AdminOverviewModule,
        RealtimeModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
