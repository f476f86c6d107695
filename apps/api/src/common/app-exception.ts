import { ERROR_STATUS, type ErrorCode, type FieldError } from '@chat/contracts';

/** The one exception type services throw: a contract error code, a message and optional field details. */
export class AppException extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  static notFound(what: string): AppException {
    return new AppException('NOT_FOUND', `${what} not found`);
  }
  static forbidden(message = 'You are not allowed to do this'): AppException {
    return new AppException('FORBIDDEN', message);
  }
  static conflict(message: string): AppException {
    return new AppException('CONFLICT', message);
  }
  static unauthenticated(message = 'Authentication required'): AppException {
    return new AppException('UNAUTHENTICATED', message);
  }
  static validation(field: string, message: string): AppException {
    return new AppException('VALIDATION_FAILED', `${field} ${message}`, [{ field, message }]);
  }
  /** 503: overloaded or the database is slow; nothing was stored and the same request may be sent again. */
  static unavailable(message: string, retryAfterSeconds = 1): AppException {
    return new AppException('UNAVAILABLE', message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
  static rateLimited(retryAfterSeconds: number): AppException {
    const s = Math.max(1, Math.ceil(retryAfterSeconds));
    return new AppException('RATE_LIMITED', `Too many attempts, try again in ${s} s`, undefined, { 'Retry-After': String(s) });
  }
}
