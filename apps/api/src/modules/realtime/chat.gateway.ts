import { type BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Ack, ClientToServerEvents, ErrorCode, ServerToClientEvents } from '@chat/contracts';
import type { Socket } from 'socket.io';
import { AppException } from '../../common/app-exception.js';
import { toErrorBody } from '../../common/exception.filter.js';
import { MetricsService } from '../../common/metrics.js';
import { RevocationsService } from '../../common/revocations.service.js';
import { TokenBucket } from '../../common/token-bucket.js';
import { validateDto } from '../../common/validation.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuthService } from '../auth/auth.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { ActivityStore } from '../users/activity.store.js';
import { PresenceService } from './presence.service.js';
import { type ChatServer, RealtimeService, roomChannel, sessionChannel, type SocketData, userChannel } from './realtime.service.js';
import { SocketHandlerRegistry } from './socket-handlers.js';
import { TypingService } from './typing.service.js';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** How long shutdown waits for the socket events being handled, then for their acks to be written. */
const DRAIN_MS = 5000;
const ACK_FLUSH_MS = 100;
/** The longest delay setTimeout takes (about 24.8 days): a later session end is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Checks of session and rooms in a row while revocations keep arriving; past it the next event checks again. */
const SYNC_PASSES = 3;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Socket.IO endpoint. The handshake is authenticated in a middleware (a bad token fails the handshake itself
 * with `connect_error` UNAUTHENTICATED), the socket is subscribed by the server to its user, session and rooms, and
 * every client event is validated and acknowledged, never thrown.
 *
 * Revocations (logout, session revoke, kick, leave) reach sockets through channel messages, which the Redis adapter
 * delivers at most once. So a socket also holds its user's revocation version from when it last checked its session
 * and rooms, and compares it with the current one before acting on any event: when it moved, the session and the room
 * channels are checked again first. A socket is also closed when its login ends (token or session expiry).
 */
@WebSocketGateway({ path: '/socket.io' })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger('Gateway');
  /** Events being handled, and whether the process is shutting down (see beforeApplicationShutdown). */
  private inFlight = 0;
  private draining = false;
  /** Per user, the sockets holding a slot of the per-user cap on this process (connected or still in the handshake). */
  private readonly perUser = new Map<string, Set<string>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly rooms: RoomAccessService,
    private readonly realtime: RealtimeService,
    private readonly handlers: SocketHandlerRegistry,
    private readonly presence: PresenceService,
    private readonly typing: TypingService,
    private readonly revocations: RevocationsService,
    private readonly activity: ActivityStore,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(server: ChatServer): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      this.authenticate(socket as ChatSocket).then(
        () => next(),
        (err: unknown) => {
          const code = err instanceof AppException ? err.code : 'INTERNAL';
          if (code === 'INTERNAL') this.logger.error({ err }, 'handshake failed');
          next(new Error(code));
        },
      );
    });
  }

  /**
   * Shutdown, before the sockets are closed: events already being handled are answered (a send stored then is acked),
   * events that arrive from now on get an error ack, so every client knows what to send again after it reconnects.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + DRAIN_MS;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(10);
    // closing the server discards what a socket has not written yet: give the last acks a moment to go out
    await sleep(ACK_FLUSH_MS);
  }

  /** Origin allowlist (clients without Origin, like mobile apps, pass), then the same session check as REST. */
  private async authenticate(socket: ChatSocket): Promise<void> {
    const origin = socket.handshake.headers.origin;
    if (origin && !this.config.webOrigins.includes(origin)) throw AppException.forbidden('Origin not allowed');
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw AppException.unauthenticated();
    const { user, endsAt } = await this.auth.authenticateUntil(token);
    // The slot is taken before the next await, so parallel handshakes cannot all pass the check at once. A client
    // that leaves mid-handshake never reaches handleDisconnect: the close of its connection gives the slot back.
    const releaseSlot = this.takeSlot(user.userId, socket.id);
    socket.conn.once('close', releaseSlot);
    if (socket.conn.readyState !== 'open') releaseSlot(); // it closed during the token check
    socket.data.user = user;
    socket.data.releaseSlot = releaseSlot;
    socket.data.endsAt = endsAt.getTime();
    socket.data.version = null;
    socket.data.syncing = null;
    try {
      const roomIds = await this.rooms.roomIdsOf(user.userId);
      await socket.join([userChannel(user.userId), sessionChannel(user.sessionId), ...roomIds.map(roomChannel)]);
    } catch (err) {
      releaseSlot();
      socket.conn.off('close', releaseSlot);
      throw err;
    }
  }

  private takeSlot(userId: string, socketId: string): () => void {
    const slots = this.perUser.get(userId) ?? new Set<string>();
    if (slots.size >= this.config.limits.maxSocketsPerUser) {
      throw new AppException('RATE_LIMITED', 'Too many open connections for this account');
    }
    slots.add(socketId);
    this.perUser.set(userId, slots);
    return () => {
      slots.delete(socketId);
      if (slots.size === 0 && this.perUser.get(userId) === slots) this.perUser.delete(userId);
    };
  }

  handleConnection(socket: ChatSocket): void {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    const { socketEventsPerSecond, socketEventBurst } = this.config.limits;
    socket.data.budget = new TokenBucket(socketEventsPerSecond, socketEventBurst);
    socket.data.refused = 0;
    // Every event goes through one dispatcher: unknown events and bad payloads get an error ack.
    socket.onAny((event: string, ...args: unknown[]) => void this.dispatch(socket, event, args));
    this.presence.connected(user.userId).catch((err: unknown) => this.logger.error({ err }, 'presence update failed'));
    this.closeAtExpiry(socket);
    // Channel joins, leaves and session disconnects sent while the socket was still in its handshake did not reach it.
    this.resync(socket).catch((err: unknown) => {
      if (!(err instanceof AppException)) this.logger.error({ err }, 'socket resync failed');
      socket.disconnect(true);
    });
  }

  /** Closes the socket when its login ends (a timer; an event arriving later is refused too). */
  private closeAtExpiry(socket: ChatSocket): void {
    const left = socket.data.endsAt - Date.now();
    if (left <= 0) {
      socket.disconnect(true);
      return;
    }
    socket.data.expiryTimer = setTimeout(() => this.closeAtExpiry(socket), Math.min(left, MAX_TIMER_MS));
    socket.data.expiryTimer.unref();
  }

  /**
   * Before a socket acts on an event: its login has not ended, and no revocation reached its user since it last
   * checked (else it checks now: session, then rooms).
   */
  private async ensureCurrent(socket: ChatSocket): Promise<void> {
    if (socket.data.syncing) await socket.data.syncing;
    if (Date.now() >= socket.data.endsAt) throw AppException.unauthenticated('Your session has ended, please log in again');
    const version = await this.revocations.current(socket.data.user.userId);
    if (version === null || version !== socket.data.version) await this.resync(socket);
  }

  /** One check of session and rooms per socket at a time; events that arrive meanwhile wait for it. */
  private resync(socket: ChatSocket): Promise<void> {
    socket.data.syncing ??= this.sync(socket).finally(() => (socket.data.syncing = null));
    return socket.data.syncing;
  }

  /**
   * Checks the session again and brings the socket's room channels in line with the membership table. The version is
   * read before and after: a kick that lands meanwhile (its leave may have been undone by this join) moved it, and the
   * check runs again, so a just-kicked socket is never left in the room.
   */
  private async sync(socket: ChatSocket): Promise<void> {
    const { userId, sessionId } = socket.data.user;
    for (let pass = 0; pass < SYNC_PASSES; pass += 1) {
      const before = await this.revocations.current(userId);
      await this.auth.authenticate({ sub: userId, sid: sessionId });
      const channels = new Set((await this.rooms.roomIdsOf(userId)).map(roomChannel));
      const stale = [...socket.rooms].filter((r) => r.startsWith('room:') && !channels.has(r));
      for (const r of stale) await socket.leave(r);
      await socket.join([...channels]);
      const after = await this.revocations.current(userId);
      socket.data.version = before === after ? before : null;
      if (before === after) return;
    }
  }

  handleDisconnect(socket: ChatSocket): void {
    const user = socket.data.user;
    if (!user) return;
    socket.data.releaseSlot();
    socket.conn.off('close', socket.data.releaseSlot);
    clearTimeout(socket.data.expiryTimer);
    this.typing.socketGone(socket.id, user.userId);
    this.activity.forget(user.userId, socket.id).catch((err: unknown) => this.logger.error({ err }, 'activity update failed'));
    this.presence.disconnected(user.userId).catch((err: unknown) => this.logger.error({ err }, 'presence update failed'));
  }

  private async dispatch(socket: ChatSocket, event: string, args: unknown[]): Promise<void> {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (res: Ack<object>) => void) : () => undefined;
    const fail = (code: ErrorCode, message: string) => ack({ ok: false, error: { code, message } });
    // The budget comes before any other work, unknown events included: past it, an error ack and nothing else; a socket
    // that goes on for another whole burst is closed.
    if (!socket.data.budget.take()) {
      socket.data.refused += 1;
      if (socket.data.refused >= this.config.limits.socketEventBurst) {
        this.logger.warn({ userId: socket.data.user.userId }, 'socket closed: far past its event budget');
        socket.disconnect(true);
        return;
      }
      return fail('RATE_LIMITED', `Too many events, try again in ${Math.ceil(socket.data.budget.secondsToNext())} s`);
    }
    socket.data.refused = 0;
    const handler = this.handlers.get(event);
    if (!handler) return fail('NOT_FOUND', `Unknown event "${String(event).slice(0, 64)}"`);
    if (this.draining) return fail('INTERNAL', 'The server is restarting: send again once reconnected');
    this.inFlight += 1;
    const started = performance.now();
    try {
      await this.ensureCurrent(socket);
      const payload = await validateDto(handler.dto, args[0], 'payload');
      const subscribed = (roomId: string) => socket.rooms.has(roomChannel(roomId));
      const result = await handler.run({ user: socket.data.user, socketId: socket.id, subscribed }, payload);
      ack({ ok: true, ...result });
    } catch (err) {
      // the same mapping as HTTP: a contract error as it is, the database giving up on time as UNAVAILABLE
      const { body, unexpected } = toErrorBody(err);
      if (unexpected) this.logger.error({ err, event }, 'socket handler failed');
      fail(body.code, body.message);
      // the session ended (revoked, expired): the ack above goes out first, then the socket is closed
      if (body.code === 'UNAUTHENTICATED') socket.disconnect(true);
    } finally {
      this.inFlight -= 1;
      this.metrics.observeSocketEvent(event, (performance.now() - started) / 1000);
    }
  }
}
