import { Column, Entity } from 'typeorm';
import { PendingRequestEntity } from '../../../common/pending-request.js';

/** At most one pending invite per room and invitee (index `room_invites_pending_key`). */
@Entity({ name: 'room_invites' })
export class RoomInviteEntity extends PendingRequestEntity {
  @Column({ name: 'room_id', type: 'uuid' })
  roomId!: string;
}
