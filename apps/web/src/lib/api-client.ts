import { ErrorCode, type ErrorBody, type FieldError } from '@chat/contracts';
import { tokenStore, type TokenStore } from './token-store';

/** Contract codes, plus two for failures that never reached or never came from the API. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

const CONTRACT_CODES: ReadonlySet<string> = new Set<string>(Object.values(ErrorCode));

/** Every failed API call rejects with this: the contract's error body, typed. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: FieldError[] = [],
    /** From `Retry-After` on a 429 (or 503), in seconds. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function isFieldError(value: unknown): value is FieldError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FieldError).field === 'string' &&
    typeof (value as FieldError).message === 'string'
  );
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<ErrorBody>;
  return (
    typeof body.code === 'string' &&
    CONTRACT_CODES.has(body.code) &&
    typeof body.message === 'string' &&
    (body.details === undefined || (Array.isArray(body.details) && body.details.every(isFieldError)))
  );
}

/** `Retry-After` is either delay-seconds or an HTTP date. Returns whole seconds from `now`, or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Turns a non-2xx response into an ApiError; a body that is not the contract's still gives a useful error. */
export async function toApiError(res: Response, now: number = Date.now()): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'), now);
  let parsed: unknown;
  try {
    const text = await res.text();
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (isErrorBody(parsed)) {
    return new ApiError(res.status, parsed.code, parsed.message, parsed.details ?? [], retryAfter);
  }
  const fallback: ApiErrorCode =
    res.status === 401 ? 'UNAUTHENTICATED' : res.status === 429 ? 'RATE_LIMITED' : res.status === 503 ? 'UNAVAILABLE' : 'BAD_RESPONSE';
  return new ApiError(
    res.status,
    fallback,
    `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
    [],
    retryAfter,
  );
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  signal?: AbortSignal;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T = void>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  put<T = void>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** `body` for the few DELETEs that carry one (`DELETE /users/me { password }`). */
  delete<T = void>(path: string, options?: RequestOptions & { body?: unknown }): Promise<T>;
}

export interface ApiClientOptions {
  /** Prefix of every path; `/api` in the browser (same origin), an absolute URL in tests. */
  baseUrl: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Called after a request that carried the current token was answered 401; the token is already cleared (reason "session-ended"). */
  onUnauthorized?: () => void;
}

function buildUrl(baseUrl: string, path: string, query?: Query): string {
  let url = `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

/**
 * The one HTTP client of the app. Sends JSON with the bearer token, parses JSON answers, and rejects with an
 * ApiError. A 401 to a request that carried the current token means the session ended (logged out elsewhere,
 * revoked, expired): the token is cleared and `onUnauthorized` runs. A 401 to a request sent without a token
 * (a wrong login) is only an error for the caller to show.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    const token = options.tokens.get();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let res: Response;
    try {
      res = await doFetch(buildUrl(options.baseUrl, path, opts.query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: opts.signal,
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.');
    }

    if (!res.ok) {
      const error = await toApiError(res);
      // Only the token that was refused is dropped: another tab may have logged in again meanwhile.
      if (res.status === 401 && token !== null && options.tokens.get() === token) {
        options.tokens.clear('session-ended');
        options.onUnauthorized?.();
      }
      throw error;
    }
    if (res.status === 204 || res.status === 205) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'BAD_RESPONSE', 'The server sent an answer that could not be read.');
    }
  }

  return {
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body, opts),
    patch: (path, body, opts) => request('PATCH', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    delete: (path, opts) => request('DELETE', path, opts?.body, opts),
  };
}

let unauthorizedHandler: () => void = () => undefined;

/**
 * What else to do when the session ends under the app's feet. Clearing the token is what sends the person to /login
 * (the route guard watches it); the app adds dropping the cached data of that user.
 */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** The app's one API client, same origin. */
export const api = createApiClient({
  baseUrl: '/api',
  tokens: tokenStore,
  onUnauthorized: () => unauthorizedHandler(),
});
