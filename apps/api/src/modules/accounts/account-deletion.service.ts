import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { AuthService } from '../auth/auth.service.js';
import { FilesService } from '../files/files.service.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * A user deleting their own account (`DELETE /users/me`): the password first (a wrong one: 400, nothing changed);
 * then the account is anonymised in place — username and email freed, profile shown as "Deleted user" with no
 * pictures or bio — so that their messages stay, attributed to that deleted user; every session ends; their
 * friendships and pending friend requests end (the other side is told live).
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly files: FilesService,
    private readonly friendships: FriendshipsService,
    private readonly rooms: RoomsService,
  ) {}

  async remove(userId: string, password: string): Promise<void> {
    if (!(await this.auth.verifyPassword(userId, password))) {
      throw AppException.validation('password', 'is not your password');
    }
    await this.users.anonymize(userId);
    await this.auth.revokeAllSessions(userId);
    await this.friendships.forgetUser(userId);
    // their uploads that no message and no room picture holds go; what rooms hold stays for the rooms
    await this.files.removeUnheldOf(userId, async (fileId) => (await this.rooms.roomIdsWithPicture(fileId)).length > 0);
  }
}
