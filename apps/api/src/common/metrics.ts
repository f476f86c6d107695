import { Global, Injectable, Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds: from half a millisecond (a send's statement on an idle server) to a second (a database under strain). */
const BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Finer between 1 and 20 ms, where a page of history or a search answers: a p99 can be read off them. */
const HTTP_BUCKETS = [0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The process's metrics in Prometheus' format (`prom-client`), served by `GET /api/metrics` when `METRICS_TOKEN` is
 * set: Node's own (event loop delay, garbage collection, heap, CPU) and where a message's time goes on the server,
 * so an operator (and the bench) can tell a slow database from a busy event loop:
 * - `chat_http_request_seconds{method,route}`: an HTTP request of the API from its arrival to the last byte of its
 *   answer, by route template (`/api/rooms/:id/messages`; `unmatched` for none);
 * - `chat_socket_event_seconds{event}`: a socket event from its arrival to its ack (validation, the handler, the ack);
 * - `chat_send_queued_seconds`: a send waiting in the message writer's queue for the statement before it to finish;
 * - `chat_send_statement_seconds`: the writer's statement, commit included (one per batch of sends).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly sendQueued = new Histogram({
    name: 'chat_send_queued_seconds',
    help: "Time a send waited in the message writer's queue before its statement started",
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly sendStatement = new Histogram({
    name: 'chat_send_statement_seconds',
    help: "The message writer's statement (a batch of sends), from sending it to its commit",
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly socketEvent = new Histogram({
    name: 'chat_socket_event_seconds',
    help: 'A socket event from its arrival to its acknowledgement',
    labelNames: ['event'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly socketEventChildren = new Map<string, { observe(seconds: number): void }>();
  private readonly httpRequest = new Histogram({
    name: 'chat_http_request_seconds',
    help: "An HTTP request of the API from its arrival to its answer's last byte, by route template",
    labelNames: ['method', 'route'],
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records a handled socket event (`event` is a known handler's name: the label set stays bounded). */
  observeSocketEvent(event: string, seconds: number): void {
    let child = this.socketEventChildren.get(event);
    if (!child) {
      child = this.socketEvent.labels(event);
      this.socketEventChildren.set(event, child);
    }
    child.observe(seconds);
  }

  /** Express middleware timing each request under /api (its label is the matched route's template, so bounded). */
  httpTimer() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const start = performance.now();
      res.once('finish', () => {
        // no route, or Nest's catch-all that answers 404 (`*path`)
        const path = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof path === 'string' && !path.startsWith('*') ? path : 'unmatched';
        this.httpRequest.labels(req.method, route).observe((performance.now() - start) / 1000);
      });
      next();
    };
  }
}

@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
