import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { FileMeta } from '@chat/contracts';
import sharp from 'sharp';
import { bearer, type Registered, startTestApp, type TestApp } from './harness.js';
import { expectStatus } from './social-helpers.js';
import { sql } from './support/sql.js';

/** The app on a DATA_DIR of its own (so a test can look at what is on disk), with `env` on top. */
export async function startFilesApp(env: Record<string, string> = {}): Promise<TestApp & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-files-'));
  const t = await startTestApp({
    REGISTER_LIMIT_PER_IP: '100000',
    MESSAGE_RATE_PER_SECOND: '100000',
    MESSAGE_BURST: '100000',
    SOCKET_EVENTS_PER_SECOND: '100000',
    SOCKET_EVENT_BURST: '100000',
    MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
    DATA_DIR: dataDir,
    ...env,
  });
  return {
    ...t,
    dataDir,
    close: async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Part {
  name: string;
  data: Buffer | string;
  /** Written as is inside `filename="..."` (so a test can send any bytes there). */
  filename?: string;
  /** Written as `filename*=UTF-8''<percent-encoded>` (RFC 5987), which can carry NUL, newlines and quotes. */
  filenameStar?: string;
  contentType?: string;
}

/** A multipart/form-data body built byte by byte, so tests control exactly what the server receives. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----chat-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let disposition = `form-data; name="${p.name}"`;
    if (p.filename !== undefined) disposition += `; filename="${p.filename}"`;
    if (p.filenameStar !== undefined) disposition += `; filename*=UTF-8''${encodeURIComponent(p.filenameStar)}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /api/files with one `file` part. */
export function postFile(
  t: TestApp,
  user: Registered,
  data: Buffer | string,
  filename = 'file.bin',
  contentType = 'application/octet-stream',
) {
  return postParts(t, user, [{ name: 'file', data, filename, contentType }]);
}

export function postParts(t: TestApp, user: Registered | null, parts: Part[]) {
  const { body, contentType } = multipart(parts);
  const req = t.http().post('/api/files').set('Content-Type', contentType);
  if (user) req.set(bearer(user.token));
  return req.send(body);
}

/** Uploads and expects 201 FileMeta. */
export async function uploadFile(t: TestApp, user: Registered, data: Buffer | string, filename = 'file.bin', contentType?: string) {
  const res = await postFile(t, user, data, filename, contentType);
  expectStatus(res, 201);
  return res.body as FileMeta;
}

/** A real PNG of the given size (sharp encodes it). */
export function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

export function jpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/**
 * A tiny, well-formed PNG whose header claims `width`×`height` pixels (a decompression bomb's header): signature,
 * IHDR with a correct CRC, a small IDAT, IEND. A few hundred bytes on the wire.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(4096))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every regular file under DATA_DIR/files (stored objects, thumbnails and spool files alike). */
export function filesOnDisk(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path.slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

export async function fileRows(t: TestApp, ownerId: string): Promise<Array<{ id: string; storage_key: string }>> {
  return sql(t.databaseUrl, `SELECT id, storage_key FROM files WHERE owner_id = $1`, [ownerId]);
}

export interface RawUploadOptions {
  token: string;
  /** The file's bytes, pulled one chunk at a time (so the client never holds the whole file). */
  chunks: () => AsyncIterable<Buffer> | Iterable<Buffer>;
  filename?: string;
  /** Chunked transfer encoding (no Content-Length), as a browser streaming a body would send. */
  chunked?: boolean;
  /** Declared file size, needed for a Content-Length when not chunked. */
  size?: number;
}

/**
 * POST /api/files over a raw HTTP request, writing the multipart body chunk by chunk and honouring backpressure.
 * Resolves with the status and the parsed body.
 */
export function rawUpload(t: TestApp, opts: RawUploadOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const boundary = `----chat-raw-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${opts.filename ?? 'big.bin'}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL('/api/files', t.baseUrl);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${opts.token}`,
    'Content-Type': `multipart/form-data; boundary=${boundary}`,
  };
  if (!opts.chunked) headers['Content-Length'] = String(head.length + (opts.size ?? 0) + tail.length);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () => {
        const text = Buffer.concat(body).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    void (async () => {
      const write = (b: Buffer) => (req.write(b) ? Promise.resolve() : new Promise<void>((r) => req.once('drain', () => r())));
      try {
        await write(head);
        for await (const c of opts.chunks()) {
          if (req.destroyed) return;
          await write(c);
        }
        req.end(tail);
      } catch (err) {
        reject(err);
      }
    })();
  });
}

/** `n` chunks of `size` random-looking bytes, generated as they are pulled. */
export function* byteChunks(n: number, size = 64 * 1024): Generator<Buffer> {
  const block = Buffer.alloc(size, 0xab); // no type signature, not text: application/octet-stream
  for (let i = 0; i < n; i++) yield block;
}
