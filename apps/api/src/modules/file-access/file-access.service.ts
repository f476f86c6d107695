import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import type { FileEntity } from '../files/entities/file.entity.js';
import { type FileDownload, FilesService, type FileVariant } from '../files/files.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * Who may read (and delete) a file, in one place. It needs users (pictures), rooms (visibility) and messages (attachments), so it
 * sits above all three, which themselves only ask the files module to store and check files.
 */
@Injectable()
export class FileAccessService {
  constructor(
    private readonly files: FilesService,
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
    private readonly access: RoomAccessService,
    private readonly messages: MessagesService,
  ) {}

  /**
   * Its uploader; anyone logged in when it is a user's avatar or cover (profiles are visible to every user); whoever can
   * see a room whose avatar or cover it is; the members of the room of the live message it is attached to.
   */
  async canRead(userId: string, file: FileEntity): Promise<boolean> {
    if (file.ownerId === userId) return true;
    if (await this.users.isPicture(file.id)) return true;
    for (const roomId of await this.rooms.roomIdsWithPicture(file.id)) {
      if (await this.access.visibleTo(roomId, userId)) return true;
    }
    const messageIds = await this.files.messageIdsOf(file.id);
    if (messageIds.length === 0) return false;
    for (const roomId of await this.messages.liveRoomIds(messageIds)) {
      if ((await this.access.visibleTo(roomId, userId))?.member) return true;
    }
    return false;
  }

  /**
   * `DELETE /files/:id`: its uploader only. 404 when it does not exist or the caller may not read it (its existence does
   * not leak), 403 when they may read it but did not upload it, 409 while a live message holds it.
   */
  async remove(userId: string, fileId: string): Promise<void> {
    const file = await this.files.findById(fileId);
    if (!file || !(await this.canRead(userId, file))) throw AppException.notFound('File');
    if (file.ownerId !== userId) throw AppException.forbidden('Only its uploader can delete a file');
    await this.files.remove(userId, fileId);
  }

  /** The file's bytes or thumbnail for the caller; 404 when it does not exist or they may not read it. */
  async download(userId: string, fileId: string, variant: FileVariant): Promise<FileDownload> {
    const file = await this.files.findById(fileId);
    if (!file || !(await this.canRead(userId, file))) throw AppException.notFound('File');
    return this.files.serve(file, variant);
  }
}
