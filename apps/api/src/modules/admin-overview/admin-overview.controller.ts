import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AdminOverview } from '@chat/contracts';
import { ServerAdminOnly } from '../users/server-admin.guard.js';
import { AdminOverviewService } from './admin-overview.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@ServerAdminOnly()
@Controller('admin/overview')
export class AdminOverviewController {
  constructor(private readonly overview: AdminOverviewService) {}

  @Get()
  get(): Promise<AdminOverview> {
    return this.overview.overview();
  }
}
