import { Injectable } from '@nestjs/common';
import type { AdminOverview } from '@chat/contracts';
import { FilesService } from '../files/files.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';

/** Midnight UTC of the day `now` is in. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** The server at a glance for its admins: accounts, rooms, today's messages, storage. Each figure is one query. */
@Injectable()
export class AdminOverviewService {
  constructor(
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly files: FilesService,
  ) {}

  async overview(now = new Date()): Promise<AdminOverview> {
    const since = startOfUtcDay(now);
    const [users, rooms, messages, storage] = await Promise.all([
      this.users.counts(),
      this.rooms.countByKind(),
      this.messages.counts(since),
      this.files.storageUsage(),
    ]);
    return { users, rooms, messages: { today: messages.since, total: messages.total }, storage, since: since.toISOString() };
  }
}
