import type { FriendRequest, FriendshipState, User } from '@chat/contracts';

export type FriendshipAction = 'add' | 'cancel' | 'accept' | 'reject' | 'message' | 'unfriend';

export interface FriendshipView {
  /** A few words on where the two stand, shown beside the buttons; null when there is nothing to say. */
  status: string | null;
  /** The buttons to offer, in order. "Message" is always offered: the server says whether their policy allows it. */
  actions: FriendshipAction[];
}

export function friendshipView(state: FriendshipState): FriendshipView {
  switch (state) {
    case 'none':
      return { status: null, actions: ['add', 'message'] };
    case 'outgoing':
      return { status: 'Request sent', actions: ['cancel', 'message'] };
    case 'incoming':
      return { status: 'Wants to be your friend', actions: ['accept', 'reject', 'message'] };
    case 'friends':
      return { status: 'Friends', actions: ['message', 'unfriend'] };
    case 'self':
      return { status: null, actions: [] };
  }
}

export interface FriendshipSources {
  /** The state the profile was served with. */
  profileState: FriendshipState;
  friends?: User[];
  incoming?: FriendRequest[];
  outgoing?: FriendRequest[];
}

export interface ResolvedFriendship {
  state: FriendshipState;
  /** The pending request to answer or cancel, when the state is incoming or outgoing and it is known. */
  requestId: string | null;
}

/**
 * Where I stand with `userId`. The friends and request lists follow live events, so once all three are loaded they
 * win over the profile's `friendship`, which was true only when the profile was fetched; until then the profile's
 * state stands (without a request id, so answering waits for the lists).
 */
export function resolveFriendship(userId: string, { profileState, friends, incoming, outgoing }: FriendshipSources): ResolvedFriendship {
  if (profileState === 'self') return { state: 'self', requestId: null };
  if (friends?.some((f) => f.id === userId)) return { state: 'friends', requestId: null };
  const received = incoming?.find((r) => r.status === 'pending' && r.from.id === userId);
  if (received) return { state: 'incoming', requestId: received.id };
  const sent = outgoing?.find((r) => r.status === 'pending' && r.to.id === userId);
  if (sent) return { state: 'outgoing', requestId: sent.id };
  if (friends && incoming && outgoing) return { state: 'none', requestId: null };
  return { state: profileState, requestId: null };
}
