import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditEntryEntity } from './entities/audit-entry.entity.js';

/**
 * The audit log of admin and moderator actions. Other modules record through the exported AuditService (inside their
 * own transaction when they have one); server admins read it at `GET /admin/audit`.
 */
@Module({
  imports: [UsersModule, FriendshipsModule, TypeOrmModule.forFeature([AuditEntryEntity])],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository],
  exports: [AuditService],
})
export class AuditModule {}
