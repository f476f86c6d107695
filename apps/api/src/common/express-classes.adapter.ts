import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin signature
type Constructor = new (...args: any[]) => object;

/**
 * A subclass of `Base` whose prototype carries the properties of `proto` and of its prototypes down to `Base`'s (the
 * nearest one's win), so its instances behave as objects whose prototype is `proto`.
 */
export function asClass<C extends Constructor>(Base: C, proto: object): C {
  const Class = class extends Base {};
  const chain: object[] = [];
  for (let o: object | null = proto; o && o !== Base.prototype; o = Object.getPrototypeOf(o) as object | null) chain.unshift(o);
  for (const o of chain) Object.defineProperties(Class.prototype, Object.getOwnPropertyDescriptors(o));
  return Class;
}

/**
 * Nest's Express adapter, whose HTTP server makes Express's request and response objects from the start.
 *
 * Express gives every request and response Express's own objects as prototypes (`app.request` and `app.response`,
 * set with `Object.setPrototypeOf` in `app.handle`). Measured on a bare Express 5 app answering a health check,
 * 20,000 requests one after another (`--trace-gc-nvp`): such objects are mostly still alive at V8's next
 * young-generation collection, so each collection promotes about 2.7 MB and pauses the process 4–5 ms; the same app
 * whose requests and responses are instances of classes carrying the same properties promotes 7 KB and pauses 0.7 ms
 * (a bare Node server: 3 KB, 0.2 ms). In the API, collections of 4–8 ms landed on every route (`/api/health`: 1.6 ms
 * with this adapter), and they are the p99 of its reads.
 * Here the server constructs requests and responses as such classes (`asClass`) and `app.request` / `app.response` are
 * their prototypes, so Express's `setPrototypeOf` changes nothing.
 *
 * The options this adapter does not use itself (HTTPS, 503 while closing, closing open connections) keep Nest's server.
 */
export class ExpressClassesAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.return503OnClosing || options.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    const Request = asClass(http.IncomingMessage, app.request);
    const Response = asClass(http.ServerResponse, app.response);
    app.request = Request.prototype as Express['request'];
    app.response = Response.prototype as Express['response'];
    this.httpServer = http.createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
  }
}
