import { Entity } from 'typeorm';
import { PendingRequestEntity } from '../../../common/pending-request.js';

/** At most one pending request per pair (index `friend_requests_pending_pair_key`). */
@Entity({ name: 'friend_requests' })
export class FriendRequestEntity extends PendingRequestEntity {}
