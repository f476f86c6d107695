import { Injectable } from '@nestjs/common';
import type { ServerToClientEvents } from '@chat/contracts';
import type { Server } from 'socket.io';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

export const userChannel = (userId: string) => `user:${userId}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;

/**
 * The one place that emits server-to-client events, to `user:<id>` and `room:<id>` channels.
 * Domain services call it after their transaction has committed. The Socket.IO gateway attaches the server;
 * with the Redis adapter every call reaches the sockets of every API process.
 */
@Injectable()
export class RealtimeService {
  private server: Server | null = null;

  attach(server: Server): void {
    this.server = server;
  }

  toUser<E extends EventName>(userId: string | string[], event: E, payload: Payload<E>): void {
    const ids = Array.isArray(userId) ? userId : [userId];
    if (!this.server || ids.length === 0) return;
    (this.server.to(ids.map(userChannel)) as { emit(e: string, p: unknown): void }).emit(event, payload);
  }

  toRoom<E extends EventName>(roomId: string, event: E, payload: Payload<E>, exceptUserId?: string): void {
    if (!this.server) return;
    let target = this.server.to(roomChannel(roomId));
    if (exceptUserId) target = target.except(userChannel(exceptUserId));
    (target as { emit(e: string, p: unknown): void }).emit(event, payload);
  }

  /** Subscribes every socket of these users to a room's channel (join, invite accepted, DM created). */
  subscribe(userIds: string[], roomId: string): void {
    if (!this.server || userIds.length === 0) return;
    this.server.in(userIds.map(userChannel)).socketsJoin(roomChannel(roomId));
  }

  /** Unsubscribes every socket of these users from a room's channel (leave, kick). */
  unsubscribe(userIds: string[], roomId: string): void {
    if (!this.server || userIds.length === 0) return;
    this.server.in(userIds.map(userChannel)).socketsLeave(roomChannel(roomId));
  }

  /** Drops a whole room channel (room deleted). */
  closeRoom(roomId: string): void {
    this.server?.in(roomChannel(roomId)).socketsLeave(roomChannel(roomId));
  }
}
