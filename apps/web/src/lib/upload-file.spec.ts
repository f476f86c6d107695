import { describe, expect, it } from '@jest/globals';
import type { FileMeta } from '@chat/contracts';
import { ApiError } from './api-client';
import { formatBytes, percentOf, UploadAbortedError, uploadErrorText, uploadFile, type UploadXhr } from './upload-file';

type Listener = (event: ProgressEvent) => void;

/** Records what the upload does and lets the test play the network's part. */
class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  responseHeaders: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly uploadListeners = new Map<string, Listener[]>();
  readonly upload = {
    addEventListener: (type: string, l: Listener) => this.uploadListeners.set(type, [...(this.uploadListeners.get(type) ?? []), l]),
  };

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name] ?? null;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.emit('abort');
  }
  addEventListener(type: string, l: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, event: Partial<ProgressEvent> = {}) {
    this.listeners.get(type)?.forEach((l) => l(event as ProgressEvent));
  }
  progress(loaded: number, total: number) {
    this.uploadListeners.get('progress')?.forEach((l) => l({ loaded, total, lengthComputable: true } as ProgressEvent));
  }
  answer(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.responseHeaders = headers;
    this.emit('load');
  }
}

const meta: FileMeta = { id: 'f1', name: 'a.png', size: 3, contentType: 'image/png', url: '/api/files/f1/content', width: 1, height: 1 };

function setup(token: string | null = 'tok') {
  const xhr = new FakeXhr();
  const cleared: string[] = [];
  let current = token;
  const progress: number[] = [];
  const handle = uploadFile(new File(['abc'], 'a.png', { type: 'image/png' }), {
    createXhr: () => xhr as unknown as UploadXhr,
    tokens: { get: () => current, clear: (reason) => (cleared.push(reason ?? 'logout'), (current = null)) },
    onProgress: (p) => progress.push(percentOf(p)),
  });
  return { xhr, handle, cleared, progress };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the upload to fail');
}

describe('uploadFile', () => {
  it('posts one multipart field "file" with the bearer token, reports progress, and resolves with the FileMeta', async () => {
    const t = setup();
    expect(t.xhr.method).toBe('POST');
    expect(t.xhr.url).toBe('/api/files');
    expect(t.xhr.headers.Authorization).toBe('Bearer tok');
    const form = t.xhr.body as FormData;
    expect([...form.keys()]).toEqual(['file']);
    expect((form.get('file') as File).name).toBe('a.png');
    t.xhr.progress(1, 4);
    t.xhr.progress(4, 4);
    t.xhr.answer(201, meta);
    await expect(t.handle.done).resolves.toEqual(meta);
    expect(t.progress).toEqual([25, 100]);
  });

  it('maps 413 to PAYLOAD_TOO_LARGE with the server’s message', async () => {
    const t = setup();
    t.xhr.answer(413, { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than the limit of 25 MiB' });
    const err = await failure(t.handle.done);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('PAYLOAD_TOO_LARGE');
    expect(uploadErrorText(err)).toBe('The file is larger than the limit of 25 MiB.');
  });

  it('maps 429 to RATE_LIMITED with its Retry-After, even when the body is not the contract’s', async () => {
    const t = setup();
    t.xhr.answer(429, 'slow down', { 'Retry-After': '7' });
    const err = (await failure(t.handle.done)) as ApiError;
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterSeconds).toBe(7);
    expect(uploadErrorText(err)).toBe('Too many uploads: try again in 7 s.');
  });

  it('maps 415 to UNSUPPORTED_MEDIA_TYPE', async () => {
    const t = setup();
    t.xhr.answer(415, { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'avatarFileId must name an image' });
    expect(uploadErrorText(await failure(t.handle.done))).toBe('This type of file is not accepted here.');
  });

  it('maps a network failure to NETWORK_ERROR', async () => {
    const t = setup();
    t.xhr.emit('error');
    const err = (await failure(t.handle.done)) as ApiError;
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
  });

  it('rejects with UploadAbortedError after abort(), and aborts the request once', async () => {
    const t = setup();
    t.handle.abort();
    t.handle.abort();
    expect(t.xhr.aborted).toBe(true);
    expect(await failure(t.handle.done)).toBeInstanceOf(UploadAbortedError);
  });

  it('ends the session on a 401 to the current token', async () => {
    const t = setup();
    t.xhr.answer(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Log in' });
    expect(((await failure(t.handle.done)) as ApiError).code).toBe('UNAUTHENTICATED');
    expect(t.cleared).toEqual(['session-ended']);
  });

  it('refuses a 2xx answer that is not a file description', async () => {
    const t = setup();
    t.xhr.answer(201, '<html>');
    expect(((await failure(t.handle.done)) as ApiError).code).toBe('BAD_RESPONSE');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [25 * 1024 * 1024, '25 MB'],
    [3.25 * 1024 ** 3, '3.3 GB'],
  ])('%d bytes is "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('percentOf', () => {
  it('is 0 while the size is unknown and never above 100', () => {
    expect(percentOf({ loaded: 10, total: 0 })).toBe(0);
    expect(percentOf({ loaded: 99, total: 100 })).toBe(99);
    expect(percentOf({ loaded: 120, total: 100 })).toBe(100);
  });
});
