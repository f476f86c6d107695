import type { Member, Room } from '@chat/contracts';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { isJoinedRoomsKey, isRoomMembersKey } from '../../../lib/query-keys';
import { patchPresence, type PresencePatch } from '../utils/presence';
import { applyMemberRead, applyMyRead } from '../utils/rooms-list';

/**
 * Live state heard since the connection opened: the latest presence per user, read markers per room and member, and
 * your own read markers. A fetch that was on its way when an event arrived answers older state and would undo the
 * event; these are applied again to every answer (they only ever move state forward; your own marker moves back only
 * when marked unread, and is then replaced).
 */
export class LiveState {
  private readonly presence = new Map<string, PresencePatch>();
  private readonly reads = new Map<string, Map<string, number>>();
  private readonly myReads = new Map<string, number>();

  heardPresence(userId: string, patch: PresencePatch): void {
    this.presence.set(userId, patch);
  }

  heardRead(roomId: string, userId: string, seq: number): void {
    const reads = this.reads.get(roomId) ?? new Map<string, number>();
    reads.set(userId, Math.max(seq, reads.get(userId) ?? 0));
    this.reads.set(roomId, reads);
  }

  /** A member's marker went back (they marked the room unread). */
  setRead(roomId: string, userId: string, seq: number): void {
    const reads = this.reads.get(roomId) ?? new Map<string, number>();
    reads.set(userId, seq);
    this.reads.set(roomId, reads);
  }

  heardMyRead(roomId: string, seq: number): void {
    this.myReads.set(roomId, Math.max(seq, this.myReads.get(roomId) ?? 0));
  }

  /** Your marker went back (mark as unread): the one to re-apply is this one, lower than before. */
  setMyRead(roomId: string, seq: number): void {
    this.myReads.set(roomId, seq);
  }

  /** What was heard no longer stands for the present once the connection is lost: the next one fetches afresh. */
  clear(): void {
    this.presence.clear();
    this.reads.clear();
    this.myReads.clear();
  }

  /** Applies the live state heard so far to a fresh answer (each step changes nothing when it is already there). */
  reapply(qc: QueryClient, key: QueryKey): void {
    if (this.presence.size > 0) {
      qc.setQueryData(key, (data: unknown) => {
        let next = data;
        for (const [userId, patch] of this.presence) next = patchPresence(next, userId, patch);
        return next === data ? undefined : next;
      });
    }
    if (isRoomMembersKey(key)) {
      const reads = this.reads.get(key[1]);
      if (!reads) return;
      qc.setQueryData<Member[]>(key, (members) => {
        if (!members) return undefined;
        let next = members;
        for (const [userId, seq] of reads) next = applyMemberRead(next, userId, seq);
        return next === members ? undefined : next;
      });
    } else if (isJoinedRoomsKey(key) && this.myReads.size > 0) {
      qc.setQueryData<Room[]>(key, (rooms) => {
        if (!rooms) return undefined;
        let next = rooms;
        for (const [roomId, seq] of this.myReads) next = applyMyRead(next, roomId, seq) ?? next;
        return next === rooms ? undefined : next;
      });
    }
  }
}
