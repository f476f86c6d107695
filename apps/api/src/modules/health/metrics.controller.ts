import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppException } from '../../common/app-exception.js';
import { Public } from '../../common/current-user.js';
import { MetricsService } from '../../common/metrics.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /api/metrics`: the process's metrics in Prometheus' text format, for a scraper holding `METRICS_TOKEN` (as
 * `Authorization: Bearer …`). Without the variable the route does not exist (404). Not part of the chat's API: an
 * operator's endpoint, left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.token = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!this.token) throw new NotFoundException();
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    // compared as digests: constant time whatever the length given
    if (!given || !timingSafeEqual(digest(given), this.token)) throw AppException.unauthenticated('A valid metrics token is required');
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
