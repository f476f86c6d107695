import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception.js';
import { HEAD_BYTES } from './file-inspector.js';

/** The one file of an upload, written to a spool file on local disk. The caller removes `path` when done. */
export interface SpooledUpload {
  path: string;
  size: number;
  /** The first HEAD_BYTES bytes, for type detection. */
  head: Buffer;
  /** As the client sent it (not sanitised). */
  filename: string;
}

export interface ReceiveOptions {
  /** An existing folder on local disk. */
  spoolDir: string;
  /** Bytes accepted; one more and the upload fails with `tooLarge()`. */
  maxBytes: number;
  tooLarge: () => AppException;
}

const FIELD = 'file';

/**
 * Reads a multipart/form-data request with busboy and streams its `file` part to a spool file, chunk by chunk with
 * backpressure: memory holds a few chunks and the first HEAD_BYTES, whatever the file's size. It fails, removing
 * the spool file, on a file over `maxBytes`, a missing or second file, any other field, a malformed body, or a
 * client that goes away. After a failure the rest of the request is read and discarded, so the client can read the
 * error answer.
 */
export function receiveUpload(req: Request, opts: ReceiveOptions): Promise<SpooledUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy signals the limit once a file reaches `fileSize` bytes: one more than accepted
        limits: { fileSize: opts.maxBytes + 1, files: 1, fields: 10, parts: 20, fieldNameSize: 100, headerPairs: 20 },
      });
    } catch {
      reject(new AppException('UNSUPPORTED_MEDIA_TYPE', `Send the file as multipart/form-data, in a field named "${FIELD}"`));
      return;
    }

    const path = join(opts.spoolDir, `${randomUUID()}.upload`);
    let settled = false;
    let written: Promise<void> | null = null;
    let parsed = false;
    let size = 0;
    let headLength = 0;
    const headChunks: Buffer[] = [];
    let filename = '';
    let file: Readable | null = null;

    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume(); // discard the rest of the body
      file?.destroy(new Error('upload refused')); // fails the spool pipeline (a plain destroy would leave it pending)
      const cleanup = written ? written.catch(() => undefined) : Promise.resolve();
      void cleanup.then(() => rm(path, { force: true })).finally(() => reject(err));
    };
    const finish = () => {
      if (settled || !parsed || !written) return;
      written.then(() => {
        if (settled) return;
        settled = true;
        resolve({ path, size, head: Buffer.concat(headChunks), filename });
      }, fail);
    };

    parser.on('file', (name, stream, info) => {
      if (name !== FIELD) {
        stream.resume();
        fail(AppException.validation(name, 'is not an allowed field'));
        return;
      }
      file = stream;
      filename = info.filename ?? '';
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (headLength < HEAD_BYTES) {
            const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength)); // a copy: the chunk is not kept
            headChunks.push(part);
            headLength += part.length;
          }
          done(null, chunk);
        },
      });
      stream.on('limit', () => fail(opts.tooLarge()));
      // started at once, so its error handlers are on the stream before anything can fail it
      written = pipeline(stream, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      written.catch(fail);
    });
    parser.on('field', (name) => fail(AppException.validation(name, 'is not an allowed field')));
    parser.on('filesLimit', () => fail(AppException.validation(FIELD, 'must be a single file')));
    parser.on('partsLimit', () => fail(AppException.validation('body', 'has too many parts')));
    parser.on('fieldsLimit', () => fail(AppException.validation('body', 'has too many fields')));
    parser.on('error', () => fail(AppException.validation('body', 'is not a readable multipart/form-data body')));
    parser.on('close', () => {
      parsed = true;
      if (!written) fail(AppException.validation(FIELD, 'is required'));
      else finish();
    });
    req.on('close', () => {
      if (!req.complete) fail(AppException.validation('body', 'was not received completely'));
    });
    req.pipe(parser);
  });
}
