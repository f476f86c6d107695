import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Health } from '@chat/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth-user.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 `{ status: "ok", db: "up" }`, or 503 with `db: "down"` when the database does not answer within 2 s. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const up = await Promise.race([
      this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
    ]);
    if (!up) res.status(503);
    return up ? { status: 'ok', db: 'up' } : { status: 'degraded', db: 'down' };
  }
}
