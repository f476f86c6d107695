import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export type LimitName = 'loginIp' | 'loginAccount' | 'registerIp' | 'resetIp';

/** Fixed-window counters for the auth endpoints (rate-limiter-flexible). Every attempt is counted before any work. */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<LimitName, RateLimiterMemory>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const duration = config.limits.authWindowSeconds;
    this.limiters = {
      loginIp: new RateLimiterMemory({ keyPrefix: 'login-ip', points: config.limits.loginPerIp, duration }),
      loginAccount: new RateLimiterMemory({ keyPrefix: 'login-acct', points: config.limits.loginPerAccount, duration }),
      registerIp: new RateLimiterMemory({ keyPrefix: 'register-ip', points: config.limits.registerPerIp, duration }),
      resetIp: new RateLimiterMemory({ keyPrefix: 'reset-ip', points: config.limits.registerPerIp, duration }),
    };
  }

  /** Counts one attempt; throws 429 with Retry-After when the key is over its limit. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw AppException.rateLimited(res.msBeforeNext / 1000);
      throw res;
    }
  }

  /** Forgets the failures counted for a key (after a successful login). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }
}
