import { Injectable } from '@nestjs/common';
import type { ClientToServerEvents, ServerToClientEvents } from '@chat/contracts';
import type { Server } from 'socket.io';
import type { AuthUser } from '../../common/current-user.js';
import type { RevocationVersion } from '../../common/revocations.service.js';
import type { TokenBucket } from '../../common/token-bucket.js';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** What the server keeps on each socket. */
export interface SocketData {
  user: AuthUser;
  /** Gives back the socket's slot of the per-user cap (idempotent). */
  releaseSlot: () => void;
  /** The socket's event budget over all its events, and how many were refused since it last had one. */
  budget: TokenBucket;
  refused: number;
  /** When the login ends (epoch ms: the token's or the session's expiry); the socket is closed then. */
  endsAt: number;
  expiryTimer?: NodeJS.Timeout;
  /** The user's revocation version when the socket last checked its session and rooms (null: check at the next event). */
  version: RevocationVersion;
  /** The check of session and rooms under way, which events wait for. */
  syncing: Promise<void> | null;
}

/** The Socket.IO server, typed end to end by the contracts' event maps. */
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const userChannel = (userId: string) => `user:${userId}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;
export const sessionChannel = (sessionId: string) => `session:${sessionId}`;

/**
 * The one place that emits server-to-client events, to `user:<id>` and `room:<id>` channels, typed by
 * `ServerToClientEvents`. The gateway attaches the server; with the Redis adapter every call reaches the sockets of
 * every API process. Only the realtime module uses it: other modules announce domain events, which `FanOut` turns
 * into socket events.
 */
@Injectable()
export class RealtimeService {
  private server: ChatServer | null = null;

  attach(server: ChatServer): void {
    this.server = server;
  }

  toUser<E extends EventName>(userId: string | string[], event: E, payload: Payload<E>): void {
    const ids = Array.isArray(userId) ? userId : [userId];
    if (!this.server || ids.length === 0) return;
    this.emit(this.server.to(ids.map(userChannel)), event, payload);
  }

  /**
   * To the sockets of these users and of everyone subscribed to these rooms, each socket once, but the sockets of
   * `exceptUserIds`: one emission whatever the rooms' sizes, where listing every member would cost a channel each.
   */
  toUsersAndRooms<E extends EventName>(
    to: { userIds: string[]; roomIds: string[]; exceptUserIds: string[] },
    event: E,
    payload: Payload<E>,
  ): void {
    const channels = [...to.userIds.map(userChannel), ...to.roomIds.map(roomChannel)];
    if (!this.server || channels.length === 0) return;
    this.emit(this.server.to(channels).except(to.exceptUserIds.map(userChannel)), event, payload);
  }

  toRoom<E extends EventName>(roomId: string, event: E, payload: Payload<E>, exceptUserId?: string): void {
    if (!this.server) return;
    let target = this.server.to(roomChannel(roomId));
    if (exceptUserId) target = target.except(userChannel(exceptUserId));
    this.emit(target, event, payload);
  }

  private emit<E extends EventName>(target: ReturnType<ChatServer['to']>, event: E, payload: Payload<E>): void {
    target.emit(event, ...([payload] as Parameters<ServerToClientEvents[E]>));
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

  /** Closes the sockets of these sessions (revoked), on every process. */
  disconnectSessions(sessionIds: string[]): void {
    this.server?.in(sessionIds.map(sessionChannel)).disconnectSockets(true);
  }
}
