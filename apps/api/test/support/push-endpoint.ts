import { createECDH, createPublicKey, type ECDH, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

/** A push a device would receive: decrypted (RFC 8291) and with its VAPID JWT checked (RFC 8292). */
export interface ReceivedPush {
  device: string;
  headers: IncomingHttpHeaders;
  payload: Record<string, unknown>;
  jwt: { header: Record<string, unknown>; claims: Record<string, unknown> };
  /** The `k=` of the Authorization header: the server's VAPID public key. */
  vapidKey: string;
}

/** One browser's subscription: a real P-256 key pair and auth secret, as `PushManager.subscribe()` makes them. */
export interface Device {
  name: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  auth: Buffer;
}

/**
 * A push service on 127.0.0.1 (http): each device has its own endpoint path; `status` decides what a device's
 * endpoint answers (201 by default). Every push it accepts is decrypted with the device's private key and its
 * VAPID signature verified with the key in its Authorization header: a push that fails either is recorded in `bad`.
 */
export class PushEndpoint {
  readonly received: ReceivedPush[] = [];
  readonly bad: Array<{ device: string; error: string }> = [];
  /** Every request per device, accepted or not. */
  readonly hits = new Map<string, number>();
  readonly status = new Map<string, number>();
  private readonly devices = new Map<string, Device>();
  private server!: Server;
  private base = '';

  static async start(): Promise<PushEndpoint> {
    const e = new PushEndpoint();
    e.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const name = (req.url ?? '').replace(/^\/push\//, '');
        e.hits.set(name, (e.hits.get(name) ?? 0) + 1);
        const status = e.status.get(name) ?? 201;
        if (status === 201) e.accept(name, req.headers, Buffer.concat(chunks));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => e.server.listen(0, '127.0.0.1', resolve));
    e.base = `http://127.0.0.1:${(e.server.address() as AddressInfo).port}`;
    return e;
  }

  device(name: string): Device {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const d: Device = {
      name,
      endpoint: `${this.base}/push/${name}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      ecdh,
      auth,
    };
    this.devices.set(name, d);
    return d;
  }

  of(name: string): ReceivedPush[] {
    return this.received.filter((p) => p.device === name);
  }

  /** Waits until `count` pushes reached `device` (or fails after `timeoutMs`). */
  async waitFor(name: string, count = 1, timeoutMs = 5000): Promise<ReceivedPush[]> {
    const end = Date.now() + timeoutMs;
    while (this.of(name).length < count) {
      if (Date.now() > end) throw new Error(`${name} got ${this.of(name).length} pushes, not ${count} (bad: ${JSON.stringify(this.bad)})`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.of(name);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(name: string, headers: IncomingHttpHeaders, body: Buffer): void {
    const device = this.devices.get(name);
    try {
      if (!device) throw new Error('unknown device');
      if (headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${headers['content-encoding']}`);
      const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth });
      const { jwt, vapidKey } = verifyVapid(String(headers.authorization ?? ''), this.base);
      this.received.push({ device: name, headers, payload: JSON.parse(plain.toString('utf8')) as Record<string, unknown>, jwt, vapidKey });
    } catch (err) {
      this.bad.push({ device: name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/**
 * Checks `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 JWT signed by the key `k`, whose `aud`
 * is the push service's origin, `exp` within 24 h, and `sub` a mailto: or https: contact.
 */
export function verifyVapid(authorization: string, audience: string): { jwt: ReceivedPush['jwt']; vapidKey: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a vapid Authorization header: ${authorization}`);
  const [, token, k] = m as unknown as [string, string, string];
  const [h, c, s] = token.split('.') as [string, string, string];
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('VAPID signature does not verify');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  if (header.alg !== 'ES256') throw new Error(`alg ${String(header.alg)}`);
  if (claims.aud !== audience) throw new Error(`aud ${String(claims.aud)}`);
  const exp = Number(claims.exp) * 1000;
  if (!(exp > Date.now() && exp <= Date.now() + 24 * 3600_000 + 60_000)) throw new Error(`exp ${String(claims.exp)}`);
  if (!/^(mailto:|https:)/.test(String(claims.sub))) throw new Error(`sub ${String(claims.sub)}`);
  return { jwt: { header, claims }, vapidKey: k };
}
