import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import type { AppConfig } from '../../config/app-config.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export const VAPID_KEYS = Symbol('VAPID_KEYS');

/**
 * The server's VAPID key pair (RFC 8292): from `VAPID_PUBLIC_KEY`/`VAPID_PRIVATE_KEY`, or generated once into
 * `DATA_DIR/vapid-keys.json` (mode 0600) and read from there at every later start, so that browsers' subscriptions
 * (made for this public key) stay valid across restarts. Two processes starting together: the first writes the file
 * (`wx`), the other reads it.
 */
export function loadVapidKeys(config: AppConfig): VapidKeys {
  const subject = config.push.vapidSubject;
  if (config.push.vapidKeys) return { ...config.push.vapidKeys, subject };
  const file = join(config.dataDir, 'vapid-keys.json');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    const keys = webpush.generateVAPIDKeys();
    try {
      writeFileSync(file, JSON.stringify(keys) + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      return { ...keys, subject };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: unknown; privateKey?: unknown };
  if (typeof stored.publicKey !== 'string' || typeof stored.privateKey !== 'string') {
    throw new Error(`${file} holds no VAPID key pair: delete it to generate one (every push subscription must then be made again)`);
  }
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
}
