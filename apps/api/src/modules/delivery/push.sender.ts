import { Inject, Injectable } from '@nestjs/common';
import webpush from 'web-push';
import { VAPID_KEYS, type VapidKeys } from './vapid-keys.js';

/** How long a push service keeps an undelivered push (the device offline): a day, after which the chat has moved on. */
export const PUSH_TTL_SECONDS = 24 * 3600;
const SEND_TIMEOUT_MS = 15_000;

export type PushOutcome = { ok: true } | { ok: false; gone: boolean; retry: boolean; error: string };

/**
 * Sends one push: `web-push` encrypts the payload (aes128gcm, RFC 8291) and signs the VAPID JWT (RFC 8292); the request
 * itself goes through fetch, which also speaks http to a loopback endpoint (tests, development). 404/410: the
 * subscription is gone. 429 and 5xx and network failures are worth a retry; other 4xx are not.
 */
@Injectable()
export class PushSender {
  constructor(@Inject(VAPID_KEYS) private readonly vapid: VapidKeys) {}

  async send(subscription: { endpoint: string; p256dh: string; auth: string }, payload: object): Promise<PushOutcome> {
    const details = webpush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: this.vapid,
        TTL: PUSH_TTL_SECONDS,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    );
    try {
      const res = await fetch(details.endpoint, {
        method: details.method,
        headers: Object.fromEntries(Object.entries(details.headers).map(([k, v]) => [k, String(v)])),
        body: details.body as Buffer,
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true };
      const gone = res.status === 404 || res.status === 410;
      return { ok: false, gone, retry: !gone && (res.status === 429 || res.status >= 500), error: `push service answered ${res.status}` };
    } catch (err) {
      return { ok: false, gone: false, retry: true, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
