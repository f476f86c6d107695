import type { Member, Room, User } from '@chat/contracts';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useMe } from '../../../lib/auth';
import { roomMembersQueryOptions } from '../../../lib/room-queries';
import { directPeer } from '../utils/rooms-list';

/**
 * The other person of each direct room (for avatar and presence), from each room's members. A `Room` does not name
 * its peer (see the report's API notes), so this costs one small request per direct room, shared with the
 * conversation's own members query, and kept current by the socket's presence events.
 */
export function useDirectPeers(rooms: readonly Room[] | undefined): Map<string, User> {
  const meId = useMe().data?.id;
  const direct = useMemo(() => (rooms ?? []).filter((r) => r.kind === 'direct'), [rooms]);
  const combine = useCallback(
    (results: UseQueryResult<Member[]>[]) => {
      const peers = new Map<string, User>();
      direct.forEach((room, i) => {
        const peer = directPeer(results[i]?.data, meId);
        if (peer) peers.set(room.id, peer);
      });
      return peers;
    },
    [direct, meId],
  );
  return useQueries({ queries: direct.map((r) => roomMembersQueryOptions(r.id)), combine });
}
