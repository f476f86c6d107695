import type { FileMeta } from '@chat/contracts';
import { ApiError, toApiError } from './api-client';
import { describeError } from './errors';
import { tokenStore, type TokenStore } from './token-store';

/** Bytes sent so far of a body of `total` bytes (`total` is 0 while the browser does not know it yet). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** The upload was stopped by `abort()`: not an error to show, the person asked for it. */
export class UploadAbortedError extends Error {
  override readonly name = 'UploadAbortedError';
  constructor() {
    super('The upload was cancelled.');
  }
}

export interface UploadHandle {
  /** The stored file's description; rejects with an ApiError (or UploadAbortedError after `abort()`). */
  done: Promise<FileMeta>;
  abort(): void;
}

/** The part of XMLHttpRequest the upload uses (a test passes a fake). */
export type UploadXhr = Pick<
  XMLHttpRequest,
  'open' | 'send' | 'abort' | 'setRequestHeader' | 'getResponseHeader' | 'status' | 'statusText' | 'responseText' | 'upload'
> &
  Pick<XMLHttpRequestEventTarget, 'addEventListener'>;

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** `/api` in the browser. */
  baseUrl?: string;
  tokens?: Pick<TokenStore, 'get' | 'clear'>;
  createXhr?: () => UploadXhr;
}

/** A FileMeta from the server, checked just enough that a broken answer does not pass for a file. */
function parseFileMeta(text: string): FileMeta | null {
  try {
    const value = JSON.parse(text) as Partial<FileMeta> | null;
    return value && typeof value.id === 'string' && typeof value.url === 'string' ? (value as FileMeta) : null;
  } catch {
    return null;
  }
}

/**
 * `POST /files` with one multipart field `file`, over XMLHttpRequest because fetch reports no upload progress.
 * Sends the bearer token like the API client; a failure rejects with the same ApiError (413, 415, 429 with its
 * Retry-After, `NETWORK_ERROR` when the server was not reached), and a 401 to the current token ends the session.
 */
export function uploadFile(file: File, options: UploadOptions = {}): UploadHandle {
  const tokens = options.tokens ?? tokenStore;
  const xhr = options.createXhr ? options.createXhr() : new XMLHttpRequest();
  let aborted = false;

  const done = new Promise<FileMeta>((resolve, reject) => {
    const token = tokens.get();
    xhr.open('POST', `${options.baseUrl ?? '/api'}/files`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);

    xhr.upload.addEventListener('progress', (e) => {
      options.onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const meta = parseFileMeta(xhr.responseText);
        if (meta) resolve(meta);
        else reject(new ApiError(xhr.status, 'BAD_RESPONSE', 'The server sent an answer that could not be read.'));
        return;
      }
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('Retry-After');
      if (retryAfter) headers.set('Retry-After', retryAfter);
      const status = xhr.status >= 200 && xhr.status <= 599 ? xhr.status : 500;
      void toApiError(new Response(xhr.responseText || null, { status, statusText: xhr.statusText, headers })).then((error) => {
        if (xhr.status === 401 && token !== null && tokens.get() === token) tokens.clear('session-ended');
        reject(error);
      });
    });
    xhr.addEventListener('error', () => {
      reject(new ApiError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.'));
    });
    xhr.addEventListener('timeout', () => {
      reject(new ApiError(0, 'NETWORK_ERROR', 'The upload took too long. Check your connection and try again.'));
    });
    xhr.addEventListener('abort', () => reject(new UploadAbortedError()));

    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });

  return {
    done,
    abort: () => {
      if (aborted) return;
      aborted = true;
      xhr.abort();
    },
  };
}

/** What to tell the person about a failed upload, in a few words. */
export function uploadErrorText(error: unknown): string {
  if (error instanceof UploadAbortedError) return 'Cancelled.';
  if (!(error instanceof ApiError)) return 'The upload failed.';
  switch (error.code) {
    case 'PAYLOAD_TOO_LARGE':
      return /[.!]$/.test(error.message) ? error.message : `${error.message}.`;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 'This type of file is not accepted here.';
    case 'RATE_LIMITED':
      return error.retryAfterSeconds
        ? `Too many uploads: try again in ${error.retryAfterSeconds} s.`
        : 'Too many uploads at once: wait a moment and try again.';
    case 'NETWORK_ERROR':
      return 'Could not reach the server. Check your connection.';
    case 'UNAUTHENTICATED':
      return 'Your session ended: log in again.';
    default:
      return describeError(error);
  }
}

/** "512 B", "1.5 KB", "12 MB": sizes in binary units, as the server's limits are. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
  return `${text} ${units[unit]}`;
}

/** Whole percent of an upload, 0 while its size is unknown. */
export function percentOf(progress: UploadProgress): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.floor((progress.loaded / progress.total) * 100));
}
