import { Global, Module } from '@nestjs/common';
import { RealtimeService } from './realtime.service.js';
import { SocketHandlerRegistry } from './socket-handlers.js';

/** Emitting events and registering socket handlers: available to every module. */
@Global()
@Module({ providers: [RealtimeService, SocketHandlerRegistry], exports: [RealtimeService, SocketHandlerRegistry] })
export class RealtimeModule {}
