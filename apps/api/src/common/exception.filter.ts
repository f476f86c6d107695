import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@chat/contracts';
import type { Request, Response } from 'express';
import { AppException } from './app-exception.js';
import { isDatabaseBusy } from './db-errors.js';

const STATUS_CODES: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** Maps anything thrown to the contract's error body; only unexpected errors are logged with their stack. */
export function toErrorBody(err: unknown): { body: ErrorBody; headers?: Record<string, string>; unexpected: boolean } {
  if (err instanceof AppException) {
    const body: ErrorBody = { statusCode: err.status, code: err.code, message: err.message };
    if (err.details) body.details = err.details;
    return { body, headers: err.headers, unexpected: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : status === 400 ? 'VALIDATION_FAILED' : 'NOT_FOUND');
    const message = status >= 500 ? 'Internal server error' : httpMessage(err, status);
    const body: ErrorBody = { statusCode: status, code, message };
    if (code === 'VALIDATION_FAILED') body.details = [];
    return { body, unexpected: status >= 500 };
  }
  if (isDatabaseBusy(err)) {
    const busy = AppException.unavailable('The server is busy: nothing was stored, please try again');
    return { body: { statusCode: busy.status, code: busy.code, message: busy.message }, headers: busy.headers, unexpected: false };
  }
  const e = err as { type?: string; status?: number; statusCode?: number };
  // body-parser errors: too large, malformed JSON
  if (e?.type === 'entity.too.large') {
    return { body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }, unexpected: false };
  }
  if (e?.type === 'entity.parse.failed') {
    return {
      body: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'The request body is not valid JSON',
        details: [{ field: 'body', message: 'is not valid JSON' }],
      },
      unexpected: false,
    };
  }
  // other client errors of body-parser (http-errors with `expose`): unsupported charset or encoding, aborted upload...
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && (e as { expose?: boolean }).expose) {
    if (e.status === 415) {
      return {
        body: { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The charset or encoding of the request body is not supported' },
        unexpected: false,
      };
    }
    return {
      body: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'The request body could not be read',
        details: [{ field: 'body', message: 'could not be read' }],
      },
      unexpected: false,
    };
  }
  return { body: { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' }, unexpected: true };
}

function httpMessage(err: HttpException, status: number): string {
  if (status === 404) return 'Not found';
  const res = err.getResponse();
  const msg = typeof res === 'string' ? res : (res as { message?: unknown }).message;
  return typeof msg === 'string' ? msg : err.message;
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const { body, headers, unexpected } = toErrorBody(err);
    if (unexpected) this.logger.error({ err, reqId: req.id, path: req.originalUrl }, 'Unhandled error');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.statusCode).json(body);
  }
}
