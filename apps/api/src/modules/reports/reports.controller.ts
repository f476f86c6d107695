import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateReportDto, IdParam, LIMITS, type Report, ReportsQuery, ResolveReportDto } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  create(@CurrentUser() me: AuthUser, @Body() dto: CreateReportDto): Promise<Report> {
    return this.reports.create(me.userId, dto);
  }

  @Get()
  list(@CurrentUser() me: AuthUser, @Query() q: ReportsQuery): Promise<Report[]> {
    return this.reports.list(me.userId, { status: q.status, before: q.before, limit: q.limit ?? LIMITS.pageDefault });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@CurrentUser() me: AuthUser, @Param() p: IdParam, @Body() dto: ResolveReportDto): Promise<Report> {
    return this.reports.resolve(me.userId, p.id, dto.action);
  }
}
