import { Injectable } from '@nestjs/common';
import type { CreateRoomDto, UpdateRoomDto } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { FilesService } from '../files/files.service.js';
import { ServerSettingsService } from '../server/server-settings.service.js';
import type { RoomMemberEntity } from './entities/room-member.entity.js';
import type { RoomEntity } from './entities/room.entity.js';
import { RoomAccessService } from './room-access.service.js';
import { type RoomFields, RoomsRepository } from './rooms.repository.js';

/** Group rooms: creating, changing and deleting them, and listing them. Answers entities; room-views presents them. */
@Injectable()
export class RoomsService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly files: FilesService,
    private readonly events: DomainEvents,
    private readonly server: ServerSettingsService,
  ) {}

  /** With the server's `roomCreation: admins`, only server admins create rooms (403). */
  async create(userId: string, dto: CreateRoomDto): Promise<RoomEntity> {
    await this.server.requireMayCreateRoom(userId);
    await this.checkPictures(userId, dto);
    const room = await this.rooms.insertGroup(
      {
        name: dto.name,
        description: dto.description ?? '',
        visibility: dto.visibility ?? 'private',
        avatarFileId: dto.avatarFileId ?? null,
        coverFileId: dto.coverFileId ?? null,
        roomMentions: 'admins',
      },
      userId,
    );
    this.events.emit('room.created', { roomId: room.id, userId });
    return room;
  }

  /** The room, as the caller may see it (404 otherwise). */
  /** Live rooms by kind (the admin overview). */
  countByKind(): Promise<{ groups: number; direct: number }> {
    return this.rooms.countByKind();
  }

  async get(roomId: string, userId: string): Promise<RoomEntity> {
    return (await this.access.access(roomId, userId)).room;
  }

  async update(roomId: string, userId: string, dto: UpdateRoomDto): Promise<void> {
    await this.access.requireRole(roomId, userId, 'admin');
    await this.checkPictures(userId, dto);
    const patch: Partial<RoomFields> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.description !== undefined) patch.description = dto.description;
    if (dto.visibility !== undefined) patch.visibility = dto.visibility;
    if (dto.avatarFileId !== undefined) patch.avatarFileId = dto.avatarFileId;
    if (dto.coverFileId !== undefined) patch.coverFileId = dto.coverFileId;
    if (dto.roomMentions !== undefined) patch.roomMentions = dto.roomMentions;
    await this.rooms.update(roomId, patch);
    this.events.emit('room.updated', { roomId, by: userId });
  }

  /**
   * Deletes a room: it is gone at once for everyone (marked deleted, members and invites removed, in one short
   * transaction); its messages are deleted afterwards in batches by `RoomPurgeService` (messages module), which
   * `room.deleted` wakes, so deleting a long history never holds up other rooms' sends.
   */
  async remove(roomId: string, userId: string): Promise<void> {
    await this.access.requireRole(roomId, userId, 'owner');
    const memberIds = await this.rooms.markDeleted(roomId);
    if (memberIds === null) throw AppException.notFound('Room'); // deleted meanwhile by another request
    this.events.emit('room.deleted', { roomId, memberIds });
  }

  /** Rooms marked deleted whose messages are still being removed (`RoomPurgeService`). */
  pendingDeletions(): Promise<string[]> {
    return this.rooms.pendingDeletions();
  }

  /** Of these rooms, those being deleted: things that point to a room (notifications) hide them. */
  deletedAmong(roomIds: string[]): Promise<Set<string>> {
    return this.rooms.deletedAmong(roomIds);
  }

  /** Removes the row of a deleted room once its messages are gone. */
  finishDeletion(roomId: string): Promise<void> {
    return this.rooms.finishDeletion(roomId);
  }

  /** Joined rooms and DMs by last activity, or public rooms to discover. */
  list(userId: string, scope: 'joined' | 'discover', q: string | undefined, limit: number): Promise<RoomEntity[]> {
    return scope === 'joined' ? this.rooms.listJoined(userId) : this.rooms.listPublic(q, limit);
  }

  findByIds(ids: string[]): Promise<RoomEntity[]> {
    return this.rooms.findByIds(ids);
  }

  /** Rooms the user moderates: where they are an admin or owner. */
  moderatedRoomIds(userId: string): Promise<string[]> {
    return this.rooms.roomIdsWithRole(userId, ['admin', 'owner']);
  }

  /** The user's membership rows among these rooms. */
  membershipsOf(userId: string, roomIds: string[]): Promise<RoomMemberEntity[]> {
    return this.rooms.membershipsOf(userId, roomIds);
  }

  /** Number of members of each room. */
  memberCounts(roomIds: string[]): Promise<Map<string, number>> {
    return this.rooms.memberCounts(roomIds);
  }

  /** Group rooms whose avatar or cover the file is. */
  roomIdsWithPicture(fileId: string): Promise<string[]> {
    return this.rooms.idsWithPicture(fileId);
  }

  /** Pictures are images the caller uploaded (checked, and kept from then on, by the files module); `null` clears. */
  private async checkPictures(userId: string, dto: { avatarFileId?: string | null; coverFileId?: string | null }): Promise<void> {
    for (const field of ['avatarFileId', 'coverFileId'] as const) {
      const fileId = dto[field];
      if (fileId) await this.files.usePicture(userId, fileId, field);
    }
  }
}
