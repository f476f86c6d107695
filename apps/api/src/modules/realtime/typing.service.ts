import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { TypingDto } from '@chat/contracts';
import { type SocketContext, SocketEvent } from '../../common/socket-event.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { RealtimeService } from './realtime.service.js';

const TYPING_TIMEOUT_MS = 6000;
const START_THROTTLE_MS = 2000;

interface TypingState {
  /** Ends the typing state; null once it has ended (the entry stays, to remember when the last start was announced). */
  timer: NodeJS.Timeout | null;
  lastStartAt: number;
}

/**
 * Typing indicators: broadcast to the room but the typist, throttled per socket, and ended by the server 6 s after
 * the last start. The throttle counts from the last announced start, whatever came in between: a burst of
 * alternating true and false reaches the members as one start and one stop.
 */
@Injectable()
export class TypingService implements OnModuleDestroy {
  /** Per socket, its typing state in each room: a socket that goes away ends its own states only. */
  private readonly sockets = new Map<string, Map<string, TypingState>>();

  constructor(
    private readonly rooms: RoomAccessService,
    private readonly realtime: RealtimeService,
  ) {}

  @SocketEvent('typing', TypingDto)
  async typing(ctx: SocketContext, dto: TypingDto): Promise<object> {
    // a member's socket is subscribed to the room: no database work; otherwise the access rule gives the precise error
    if (!ctx.subscribed(dto.roomId)) await this.rooms.requireMember(dto.roomId, ctx.user.userId);
    this.set(ctx.socketId, ctx.user.userId, dto.roomId, dto.typing);
    return {};
  }

  onModuleDestroy(): void {
    for (const rooms of this.sockets.values()) for (const s of rooms.values()) if (s.timer) clearTimeout(s.timer);
    this.sockets.clear();
  }

  set(socketId: string, userId: string, roomId: string, typing: boolean): void {
    const rooms = this.sockets.get(socketId) ?? new Map<string, TypingState>();
    const state = rooms.get(roomId);
    if (!typing) {
      if (!state?.timer) return;
      clearTimeout(state.timer);
      state.timer = null;
      this.realtime.toRoom(roomId, 'typing', { roomId, userId, typing: false }, userId);
      return;
    }
    const now = Date.now();
    const throttled = state !== undefined && now - state.lastStartAt < START_THROTTLE_MS;
    // stopped and started again within the window: stays stopped for the members until a start after the window
    if (throttled && !state.timer) return;
    if (state?.timer) clearTimeout(state.timer);
    const timer = setTimeout(() => this.set(socketId, userId, roomId, false), TYPING_TIMEOUT_MS);
    timer.unref();
    rooms.set(roomId, { timer, lastStartAt: throttled ? state.lastStartAt : now });
    this.sockets.set(socketId, rooms);
    if (!throttled) this.realtime.toRoom(roomId, 'typing', { roomId, userId, typing: true }, userId);
  }

  /** Ends every typing state of a socket that went away: O(rooms that socket typed in). */
  socketGone(socketId: string, userId: string): void {
    const rooms = this.sockets.get(socketId);
    if (!rooms) return;
    for (const roomId of rooms.keys()) this.set(socketId, userId, roomId, false);
    this.sockets.delete(socketId);
  }
}
