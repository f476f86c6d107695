import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { type ClientEvent, SOCKET_EVENT, type SocketContext, type SocketEventMetadata } from '../../common/socket-event.js';

export interface SocketHandler {
  dto: new () => object;
  run(ctx: SocketContext, payload: object): Promise<object>;
}

/**
 * Client-to-server event handlers: every provider method marked `@SocketEvent` in any module (`messages.socket.ts`,
 * `rooms.socket.ts`, typing here), found once at start. The gateway validates each payload against the handler's
 * DTO class and acks `{ ok, ... }`.
 */
@Injectable()
export class SocketHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<ClientEvent, SocketHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        if (typeof method !== 'function') continue;
        const meta = this.reflector.get<SocketEventMetadata | undefined>(SOCKET_EVENT, method);
        if (!meta) continue;
        if (this.handlers.has(meta.event)) throw new Error(`Two handlers for the socket event "${meta.event}"`);
        this.handlers.set(meta.event, { dto: meta.dto, run: (ctx, payload) => method.call(instance, ctx, payload) as Promise<object> });
      }
    }
  }

  get(event: string): SocketHandler | undefined {
    return this.handlers.get(event as ClientEvent);
  }
}
