import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { MessageEditEntity } from './entities/message-edit.entity.js';
import { MessageReactionEntity } from './entities/message-reaction.entity.js';
import { MessageEntity } from './entities/message.entity.js';
import { SavedMessageEntity } from './entities/saved-message.entity.js';
import { HistoryService } from './history.service.js';
import { MentionsService } from './mentions.service.js';
import { MessageAccessService } from './message-access.service.js';
import { MessageSearchRepository } from './message-search.repository.js';
import { MessagePresenter } from './message.presenter.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';
import { MessagesSocket } from './messages.socket.js';
import { PinsService } from './pins.service.js';
import { ReactionsController } from './reactions.controller.js';
import { ReactionsRepository } from './reactions.repository.js';
import { ReactionsService } from './reactions.service.js';
import { ReactionsSocket } from './reactions.socket.js';
import { RoomActivityService } from './room-activity.service.js';
import { RoomPurgeService } from './room-purge.service.js';
import { SavedService } from './saved.service.js';
import { SearchIndexJob } from './search-index.job.js';
import { SearchService } from './search.service.js';

/**
 * Messages: sending (group commit), editing, deleting, history (also centred on a message), search, pins, saved
 * messages, reactions, the room list's activity read model, and the removal
 * of deleted rooms' messages in batches (RoomPurgeService).
 */
@Module({
  imports: [
    UsersModule,
    FriendshipsModule,
    AuditModule,
    RoomsModule,
    FilesModule,
    TypeOrmModule.forFeature([MessageEntity, SavedMessageEntity, MessageReactionEntity, MessageEditEntity]),
  ],
  controllers: [MessagesController, ReactionsController],
  providers: [
    MessagesRepository,
    MessageSearchRepository,
    SearchIndexJob,
    MessageAccessService,
    MessagesService,
    HistoryService,
    MessagePresenter,
    RoomActivityService,
    MessagesSocket,
    SearchService,
    PinsService,
    SavedService,
    RoomPurgeService,
    ReactionsRepository,
    ReactionsService,
    ReactionsSocket,
    MentionsService,
  ],
  exports: [MessagesService, RoomActivityService, RoomPurgeService],
})
export class MessagesModule {}
