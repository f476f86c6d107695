import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Health } from '@chat/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { REDIS, type RedisClient } from '../../common/redis.js';
import { Public } from '../../common/current-user.js';
import { MessagesService } from '../messages/messages.service.js';

const CHECK_TIMEOUT_MS = 2000;

/** Resolves true when `check` succeeds within the time-out, false when it fails or takes longer. */
async function answers(check: () => Promise<unknown>): Promise<boolean> {
  // cleared once answered: a health check polled often would otherwise keep a timer, its promise and its closure alive
  // for 2 s per request (garbage the young generation copies at each collection)
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), CHECK_TIMEOUT_MS).unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messages: MessagesService,
    @Optional() @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  /**
   * 200 `{ status: "ok", db: "up" }` (with `redis: "up"` when Redis is configured), or 503 `status: "degraded"` with
   * `"down"` for the database or Redis when it does not answer within 2 s. A Redis client that is reconnecting is down
   * at once: its commands would wait in its offline queue. `queueDepth`: sends on this process waiting for the
   * database (the message writer's queue, capped by MESSAGE_QUEUE_MAX), a load balancer's or an operator's gauge.
   */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const redis = this.redis;
    const [db, cache] = await Promise.all([
      answers(() => this.dataSource.query('SELECT 1')),
      redis ? (redis.isReady ? answers(() => redis.ping()) : Promise.resolve(false)) : Promise.resolve(null),
    ]);
    const up = db && cache !== false;
    if (!up) res.status(503);
    return {
      status: up ? 'ok' : 'degraded',
      db: db ? 'up' : 'down',
      ...(cache === null ? {} : { redis: cache ? ('up' as const) : ('down' as const) }),
      queueDepth: this.messages.queueDepth,
    };
  }
}
