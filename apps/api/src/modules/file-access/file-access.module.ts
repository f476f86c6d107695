import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FilesModule } from '../files/files.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { FileAccessService } from './file-access.service.js';
import { FileDownloadsController } from './file-downloads.controller.js';

/** Downloads of files, with the rule of who may read one. */
@Module({
  imports: [AuthModule, FilesModule, UsersModule, RoomsModule, MessagesModule],
  controllers: [FileDownloadsController],
  providers: [FileAccessService],
})
export class FileAccessModule {}
