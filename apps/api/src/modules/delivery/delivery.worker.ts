import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { type ClaimedJob, DeliveryJobsRepository } from './delivery-jobs.repository.js';
import { DigestMailer } from './digest.mailer.js';
import { PushSender } from './push.sender.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';

const BATCH = 50;
const IDLE_POLL_MS = 1000;
const MAX_BACKOFF_MS = 3600_000;

/**
 * Delivers the queue (`delivery_jobs`): every API process runs one worker; they share the table, and a job is taken by
 * one of them at a time (`DeliveryJobsRepository.claim`). Polls every second when idle, at once when a job was queued
 * on this process. A push that fails for a reason worth retrying goes again after an exponential backoff; one whose
 * subscription is gone (404/410) deletes the subscription. A restart loses nothing: jobs are rows, deleted only once
 * delivered or given up.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Delivery');
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: DeliveryJobsRepository,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly push: PushSender,
    private readonly digests: DigestMailer,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** A job was queued: look now rather than at the next poll. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedJob[] = [];
      try {
        this.pendingWake = false;
        claimed = await this.jobs.claim(BATCH, this.config.push.leaseMs);
        await Promise.all(claimed.map((job) => this.deliver(job)));
      } catch (err) {
        this.logger.error({ err }, 'delivery batch failed');
      }
      if (claimed.length < BATCH && !this.pendingWake) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MS);
      this.wakeUp = done;
      if (!this.running) done();
    });
  }

  /** A digest: rescheduled for the user's next window when more waits; a failure (SMTP down) is retried with backoff. */
  private async deliverDigest(job: ClaimedJob): Promise<void> {
    try {
      const next = await this.digests.send(job.userId);
      if (next) await this.jobs.reschedule(job.id, next);
      else await this.jobs.complete(job.id);
    } catch (err) {
      const wait = Math.min(this.config.push.retryBaseMs * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
      await this.jobs.retryAt(job.id, new Date(Date.now() + wait), err instanceof Error ? err.message : String(err));
    }
  }

  private async deliver(job: ClaimedJob): Promise<void> {
    try {
      if (job.kind === 'email') return await this.deliverDigest(job);
      if (!job.subscription) return await this.jobs.complete(job.id);
      const outcome = await this.push.send(job.subscription, job.payload);
      if (outcome.ok) return await this.jobs.complete(job.id);
      if (outcome.gone) return await this.subscriptions.delete(job.subscriptionId!);
      if (outcome.retry && job.attempts < this.config.push.maxAttempts) {
        const wait = Math.min(this.config.push.retryBaseMs * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
        return await this.jobs.retryAt(job.id, new Date(Date.now() + wait), outcome.error);
      }
      this.logger.warn({ jobId: job.id, attempts: job.attempts, error: outcome.error }, 'push given up');
      await this.jobs.complete(job.id);
    } catch (err) {
      // the lease ends and the job is taken again
      this.logger.error({ err, jobId: job.id }, 'delivery failed');
    }
  }
}
