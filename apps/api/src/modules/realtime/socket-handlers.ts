import { Injectable } from '@nestjs/common';
import type { ClientToServerEvents } from '@chat/contracts';
import type { AuthUser } from '../auth/auth-user.js';

export type ClientEvent = keyof ClientToServerEvents;

export interface SocketContext {
  user: AuthUser;
  socketId: string;
}

export interface SocketHandler<T extends object = object> {
  dto: new () => T;
  run(ctx: SocketContext, payload: T): Promise<object>;
}

/**
 * Client-to-server event handlers, registered by the module that owns each event (messages, rooms, realtime).
 * The gateway validates every payload against the handler's DTO class and acks `{ ok, ... }`.
 */
@Injectable()
export class SocketHandlerRegistry {
  private readonly handlers = new Map<ClientEvent, SocketHandler>();

  register<T extends object>(event: ClientEvent, dto: new () => T, run: (ctx: SocketContext, payload: T) => Promise<object>): void {
    this.handlers.set(event, { dto, run: run as SocketHandler['run'] });
  }

  get(event: string): SocketHandler | undefined {
    return this.handlers.get(event as ClientEvent);
  }
}
