import { SetMetadata } from '@nestjs/common';
import type { ClientToServerEvents } from '@chat/contracts';
import type { AuthUser } from './current-user.js';

export type ClientEvent = keyof ClientToServerEvents;

/** Who sent a socket event. */
export interface SocketContext {
  user: AuthUser;
  socketId: string;
  /**
   * Whether this socket is subscribed to the room's channel: the server subscribes a socket to exactly the rooms its
   * user is a member of, so this answers "is a member" without the database (a false may still be a member whose
   * subscription is on its way: check the database before refusing).
   */
  subscribed(roomId: string): boolean;
}

export interface SocketEventMetadata {
  event: ClientEvent;
  dto: new () => object;
}

export const SOCKET_EVENT = Symbol('socket-event');

/**
 * Marks a provider method as the handler of a client-to-server Socket.IO event. The realtime module finds every such
 * method at start, validates each payload against `dto` (the same DTO class as REST) and acks `{ ok: true, ...result }`
 * or `{ ok: false, error }`. The method receives `(ctx: SocketContext, payload: T)` and answers the ack's fields.
 * Each module declares its own in `<feature>.socket.ts`; none imports the realtime module.
 */
export const SocketEvent = <T extends object>(event: ClientEvent, dto: new () => T) =>
  SetMetadata<symbol, SocketEventMetadata>(SOCKET_EVENT, { event, dto });
