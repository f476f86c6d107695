import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuditEntry, AuditQuery, LIMITS } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { ServerAdminOnly } from '../users/server-admin.guard.js';
import { AuditService } from './audit.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@ServerAdminOnly()
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@CurrentUser() me: AuthUser, @Query() q: AuditQuery): Promise<AuditEntry[]> {
    return this.audit.list(me.userId, q.before, q.limit ?? LIMITS.pageDefault);
  }
}
