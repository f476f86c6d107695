import { Injectable } from '@nestjs/common';
import type { CreateRoomDto, UpdateRoomDto } from '@chat/contracts';
import { DomainEvents } from '../../common/events/domain-events.js';
import { FilesService } from '../files/files.service.js';
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
  ) {}

  async create(userId: string, dto: CreateRoomDto): Promise<RoomEntity> {
    await this.checkPictures(userId, dto);
    const room = await this.rooms.insertGroup(
      {
        name: dto.name,
        description: dto.description ?? '',
        visibility: dto.visibility ?? 'private',
        avatarFileId: dto.avatarFileId ?? null,
        coverFileId: dto.coverFileId ?? null,
      },
      userId,
    );
    this.events.emit('room.created', { roomId: room.id, userId });
    return room;
  }

  /** The room, as the caller may see it (404 otherwise). */
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
    await this.rooms.update(roomId, patch);
    this.events.emit('room.updated', { roomId, by: userId });
  }

  async remove(roomId: string, userId: string): Promise<void> {
    await this.access.requireRole(roomId, userId, 'owner');
    const memberIds = await this.rooms.memberIds(roomId);
    await this.rooms.delete(roomId);
    this.events.emit('room.deleted', { roomId, memberIds });
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

  /** Pictures are images the caller uploaded (checked by the files module); `null` clears. */
  private async checkPictures(userId: string, dto: { avatarFileId?: string | null; coverFileId?: string | null }): Promise<void> {
    for (const field of ['avatarFileId', 'coverFileId'] as const) {
      const fileId = dto[field];
      if (fileId) await this.files.requireOwnImage(userId, fileId, field);
    }
  }
}
