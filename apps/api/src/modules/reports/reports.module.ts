import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomViewsModule } from '../room-views/room-views.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { ReportEntity } from './entities/report.entity.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/**
 * Reports of messages and users, and their resolution by room moderators and server admins. It sits on the read-model
 * floor: a report shows its message and room as the moderator sees them (messages, room-views), and its actions are
 * the messages, rooms (bans) and users modules' own.
 */
@Module({
  imports: [
    AccountsModule,
    UsersModule,
    FriendshipsModule,
    AuditModule,
    RoomsModule,
    MessagesModule,
    RoomViewsModule,
    TypeOrmModule.forFeature([ReportEntity]),
  ],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
