import { Global, Inject, Injectable, Module, Optional } from '@nestjs/common';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppException } from './app-exception.js';
import { REDIS, type RedisClient } from './redis.js';

/** Every rate limit of the API, by name. */
export type LimitName =
  | 'loginIp'
  | 'loginAccount'
  | 'registerIp'
  | 'resetIp'
  | 'resetConfirmIp'
  | 'resetMail'
  | 'passwordChange'
  | 'upload'
  | 'membership'
  | 'send';

/** Password reset mails one address may receive an hour, whoever asks for them. */
const RESET_MAILS_PER_HOUR = 3;

type Counter = RateLimiterMemory | RateLimiterRedis;

/**
 * The API's rate limits in one place (rate-limiter-flexible): auth attempts per IP and per account in a fixed window,
 * uploads and membership changes per user per minute, and messages per user (a sustained rate per second plus a burst
 * on top). Every attempt is counted before any work; over a limit the caller gets 429 RATE_LIMITED with the seconds to
 * wait.
 *
 * Without Redis the counters live in the process. With `REDIS_URL` every counter is kept in Redis (`RateLimiterRedis`,
 * one atomic script per attempt), so API processes behind one load balancer share them and two processes do not
 * double anyone's allowance. While Redis cannot be reached, each process falls back to its own in-memory counter
 * (`insuranceLimiter`) at once instead of waiting for Redis.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<LimitName, Counter | BurstyRateLimiter>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(REDIS) redis: RedisClient | null = null) {
    const counter = (keyPrefix: string, points: number, duration: number): Counter => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `rl:${keyPrefix}`,
        points,
        duration,
        insuranceLimiter: memory,
      });
    };
    const { authWindowSeconds: window, loginPerIp, loginPerAccount, registerPerIp } = config.limits;
    const { messageRatePerSecond: rate, messageBurst: burst } = config.limits;
    this.limiters = {
      loginIp: counter('login-ip', loginPerIp, window),
      loginAccount: counter('login-acct', loginPerAccount, window),
      registerIp: counter('register-ip', registerPerIp, window),
      resetIp: counter('reset-ip', registerPerIp, window),
      resetConfirmIp: counter('reset-confirm-ip', registerPerIp, window),
      resetMail: counter('reset-mail', RESET_MAILS_PER_HOUR, 3600),
      passwordChange: counter('password-change', loginPerAccount, window),
      upload: counter('upload', config.files.uploadsPerMinute, 60),
      membership: counter('membership', config.limits.membershipChangesPerMinute, 60),
      send: new BurstyRateLimiter(
        counter('send', rate, 1),
        counter('send-burst', Math.max(1, burst - rate), Math.max(1, Math.ceil(burst / rate))),
      ),
    };
  }

  /** Counts one attempt; throws 429 RATE_LIMITED (with the seconds to wait) when the key is over its limit. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw AppException.rateLimited(res.msBeforeNext / 1000);
      throw res;
    }
  }

  /** Counts one attempt; false (nothing thrown) when the key is over its limit. */
  async tryConsume(name: LimitName, key: string): Promise<boolean> {
    try {
      await this.consume(name, key);
      return true;
    } catch (err) {
      if (err instanceof AppException && err.code === 'RATE_LIMITED') return false;
      throw err;
    }
  }

  /** Forgets what was counted for a key (the failures of an account, after a successful login). */
  async reset(name: LimitName, key: string): Promise<void> {
    const limiter = this.limiters[name];
    if (limiter instanceof BurstyRateLimiter) return;
    await limiter.delete(key).catch(() => undefined); // Redis unreachable: the count runs out by itself
  }
}

/** The rate limits, available to every module. */
@Global()
@Module({ providers: [RateLimitService], exports: [RateLimitService] })
export class RateLimitModule {}
