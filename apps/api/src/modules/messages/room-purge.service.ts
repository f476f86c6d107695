import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnDomainEvent, type DomainEventMap } from '../../common/events/domain-events.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { MessagesRepository } from './messages.repository.js';

/** Rest between two batches, as a multiple of the time the last batch took. */
const REST_PER_WORK = 2;

/**
 * The second step of deleting a room. `RoomsService.remove` marks the room deleted (gone for everyone at once); this
 * deletes its messages in batches of `ROOM_DELETE_BATCH_SIZE` (each one short statement, their attachments and
 * notifications going with them by cascade), then deletes the room's row. Between two batches it rests at least
 * `ROOM_DELETE_PAUSE_MS`, and at least `REST_PER_WORK` times as long as the batch took: the purge holds a database
 * backend at most a third of the time, however loaded the machine is, so other rooms' sends keep their latency (a
 * fixed pause let 1,000-row batches take three quarters of PostgreSQL's time on a 2-core machine). It runs when a room
 * is deleted and at every start, so a deletion cut short by a restart resumes. One sweep at a time per process; two
 * processes sweeping the same room take turns batch by batch.
 */
@Injectable()
export class RoomPurgeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RoomPurge');
  private readonly batchSize: number;
  private readonly pauseMs: number;
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesRepository,
  ) {
    this.batchSize = config.limits.roomDeleteBatchSize;
    this.pauseMs = config.limits.roomDeletePauseMs;
  }

  /** Deletions a previous run left unfinished resume at start. */
  onApplicationBootstrap(): void {
    this.kick();
  }

  @OnDomainEvent('room.deleted')
  onRoomDeleted(_: DomainEventMap['room.deleted']): void {
    this.kick();
  }

  @OnDomainEvent('room.member-left')
  onMemberLeft({ roomDeleted }: DomainEventMap['room.member-left']): void {
    if (roomDeleted) this.kick();
  }

  /** Starts a sweep in the background, or asks the running one to look again when it is done. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweep()
      .then(
        () => undefined,
        (err: unknown) => this.logger.error(`room deletion failed, retried at the next deletion or start: ${String(err)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Deletes every room marked deleted, batch by batch, to the end (or until shutdown); answers how many rooms it
   * finished. Safe to run beside the background sweep or another process's.
   */
  async sweep(): Promise<number> {
    let finished = 0;
    for (const roomId of await this.rooms.pendingDeletions()) {
      for (;;) {
        if (this.stopping) return finished;
        const started = performance.now();
        const n = await this.messages.deleteRoomBatch(roomId, this.batchSize);
        if (n < this.batchSize) break;
        await this.pause(Math.max(this.pauseMs, (performance.now() - started) * REST_PER_WORK));
      }
      if (this.stopping) return finished;
      await this.rooms.finishDeletion(roomId);
      finished += 1;
    }
    return finished;
  }

  /** Stops between two batches; what is left resumes at the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private pause(ms: number): Promise<void> {
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
