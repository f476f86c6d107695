import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The process's structured logger (JSON lines; pretty only when asked and pino-pretty is installed). */
export function createLogger(level: string, pretty: boolean): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
  });
}

const SANE_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * Request logging with a request id (taken from X-Request-Id when it looks sane, else generated) echoed back. One line
 * when the response is done: `error` for an error or a 5xx, `info` for a 4xx, `debug` otherwise. Nothing is built for
 * a line whose level is off (no child logger per request): this runs on every request.
 */
export function httpLogger(logger: Logger) {
  return (req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const start = Date.now();
    const done = (err?: Error) => {
      res.removeListener('close', done);
      res.removeListener('error', done);
      const level = err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        req: { id, method: req.method, url: req.url?.replace(/token=[^&]+/, 'token=[redacted]') },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - start,
        ...(err ? { err } : {}),
      };
      logger[level](line, err || res.statusCode >= 500 ? 'request errored' : 'request completed');
    };
    res.on('close', done);
    res.on('error', done);
    next();
  };
}

/** Nest's logger interface on top of pino, so framework and app logs share one format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message !== null && typeof message === 'object') {
      const msg = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
      this.logger[level]({ context, ...(message as object) }, msg);
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
