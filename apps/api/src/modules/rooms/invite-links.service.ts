import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateInviteLinkDto, InviteLink, RoomInvitePreview } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { fileUrl } from '../files/file-url.js';
import { PeopleService } from '../friendships/people.service.js';
import type { RoomInviteLinkEntity } from './entities/room-invite-link.entity.js';
import { toInviteLink } from './invite-link.mapper.js';
import { InviteLinksRepository, isUsable } from './invite-links.repository.js';
import { MembersService } from './members.service.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** Bytes of randomness in a code: 192 bits, 32 base64url characters. */
const CODE_BYTES = 24;

/**
 * Room invite links: admins and owners mint them (optional max uses and expiry) and revoke them; anyone signed in
 * who holds a code sees the room's card and joins, unless banned. Uses are counted in the transaction that adds the
 * member, so a link's last use goes to exactly one of two racers.
 */
@Injectable()
export class InviteLinksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: InviteLinksRepository,
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly members: MembersService,
    private readonly people: PeopleService,
    private readonly limits: RateLimitService,
  ) {}

  async create(roomId: string, userId: string, dto: CreateInviteLinkDto): Promise<InviteLink> {
    await this.access.requireRole(roomId, userId, 'admin');
    const link = await this.links.insert({
      roomId,
      code: randomBytes(CODE_BYTES).toString('base64url'),
      maxUses: dto.maxUses ?? null,
      expiresAt: dto.expiresInHours ? new Date(Date.now() + dto.expiresInHours * 3600 * 1000) : null,
      createdBy: userId,
    });
    return (await this.present(userId, [link]))[0]!;
  }

  /** Every link of the room, revoked and used-up ones included, the latest first. */
  async list(roomId: string, userId: string): Promise<InviteLink[]> {
    await this.access.requireRole(roomId, userId, 'admin');
    return this.present(userId, await this.links.listForRoom(roomId));
  }

  /** Revokes a link of the room (again: nothing changes); its code stops working at once. */
  async revoke(roomId: string, linkId: string, userId: string): Promise<void> {
    await this.access.requireRole(roomId, userId, 'admin');
    const link = await this.links.findById(linkId);
    if (!link || link.roomId !== roomId) throw AppException.notFound('Invite link');
    await this.links.revoke(link.id);
  }

  /** The room a usable code leads to, as a card (404 for an unknown code, 403 for a revoked, expired or used-up one). */
  async preview(code: string): Promise<RoomInvitePreview> {
    const link = await this.usable(code);
    const room = await this.rooms.findById(link.roomId);
    if (!room) throw AppException.notFound('Invite link');
    const counts = await this.rooms.memberCounts([room.id]);
    return {
      room: {
        id: room.id,
        name: room.name,
        description: room.description,
        avatarUrl: fileUrl(room.avatarFileId),
        memberCount: counts.get(room.id) ?? 0,
      },
    };
  }

  /**
   * Joins the room of a usable code (403 when banned, or when the link is used up meanwhile). A member already in the
   * room uses nothing. Answers the room's id.
   */
  async join(code: string, userId: string): Promise<string> {
    await this.limits.consume('membership', userId);
    const link = await this.usable(code);
    await this.members.requireNotBanned(link.roomId, userId);
    const joined = await this.rooms.transaction(async (em) => {
      if (!(await this.members.admit(em, link.roomId, userId))) return false;
      if (!(await this.links.use(em, link.id))) throw unusable();
      return true;
    });
    if (joined) await this.members.announceJoin(link.roomId, userId);
    return link.roomId;
  }

  private async usable(code: string): Promise<RoomInviteLinkEntity> {
    const link = await this.links.findByCode(code);
    if (!link) throw AppException.notFound('Invite link');
    if (!isUsable(link)) throw unusable();
    return link;
  }

  private async present(viewerId: string, rows: RoomInviteLinkEntity[]): Promise<InviteLink[]> {
    const users = await this.people.byId(
      viewerId,
      rows.flatMap((l) => (l.createdBy ? [l.createdBy] : [])),
    );
    const deleted = deletedCreator();
    return rows.map((l) => toInviteLink(l, (l.createdBy && users.get(l.createdBy)) || deleted, this.config.publicUrl));
  }
}

function unusable(): AppException {
  return AppException.forbidden('This invite link is no longer valid');
}

/** The creator of a link whose account is gone. */
function deletedCreator() {
  return {
    id: '00000000-0000-0000-0000-000000000000',
    username: 'deleted',
    displayName: 'Deleted user',
    bio: '',
    birthdate: null,
    avatarUrl: null,
    coverUrl: null,
    online: false,
    lastSeenAt: null,
    friendship: 'none' as const,
    createdAt: new Date(0).toISOString(),
  };
}
