import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { toErrorBody } from './common/exception.filter.js';
import { ExpressClassesAdapter } from './common/express-classes.adapter.js';
import { connectRedis } from './common/redis.js';
import { httpLogger, PinoNestLogger } from './common/logger.js';
import { MetricsService } from './common/metrics.js';
import type { AppConfig } from './config/app-config.js';
import { ChatIoAdapter, redisAdapter } from './modules/realtime/socket-io.adapter.js';

/** Builds the whole HTTP application (API under /api, docs at /api/docs, the SPA at /) without listening. */
export async function createApp(config: AppConfig & { databaseUrl: string }, logger: Logger): Promise<INestApplication> {
  // With REDIS_URL: one client for shared state (presence, rate limits) and a pub/sub pair for the Socket.IO adapter.
  const redis = config.redisUrl
    ? await Promise.all([
        connectRedis(config.redisUrl, 'chat-state'),
        connectRedis(config.redisUrl, 'chat-io-pub'),
        connectRedis(config.redisUrl, 'chat-io-sub'),
      ])
    : null;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, redis ?? []), new ExpressClassesAdapter(), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.set('trust proxy', config.trustProxyHops > 0 ? config.trustProxyHops : false);
  app.disable('x-powered-by');
  app.use(httpLogger(logger));
  app.use('/api', app.get(MetricsService).httpTimer());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({ origin: config.webOrigins, credentials: false, exposedHeaders: ['Retry-After', 'X-Request-Id'] });
  app.use('/api', express.json({ limit: config.limits.maxJsonBytes, strict: true }));
  // body-parser errors (too large, malformed JSON) in the contract's shape
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const { body, unexpected } = toErrorBody(err);
    if (unexpected) logger.error({ err }, 'request body could not be read');
    res.status(body.statusCode).json(body);
  });
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new ChatIoAdapter(app, config, redis ? await redisAdapter(config, redis[1], redis[2]) : null));

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Chat API').setDescription('See docs/api.md for the contract.').setVersion('1').addBearerAuth().build(),
  );
  // Request bodies are the contracts' class-validator DTOs: describe them from their validation rules.
  const fromValidators = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (fromValidators[name] && 'properties' in schema && Object.keys(schema.properties ?? {}).length === 0) {
      doc.components!.schemas![name] = { ...fromValidators[name], additionalProperties: false } as typeof schema;
    }
  }
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (config.webDistDir && existsSync(join(config.webDistDir, 'index.html'))) serveSpa(app, config.webDistDir);
  return app;
}

/** Serves the built SPA: static files, and index.html for every other GET outside /api and /socket.io. */
function serveSpa(app: NestExpressApplication, dir: string): void {
  const isApi = (req: Request) => req.path.startsWith('/api') || req.path.startsWith('/socket.io');
  // the static files are looked up only outside the API: each lookup is a file-system stat, which every API request
  // paid before
  const staticFiles = express.static(dir, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, path) => {
      if (path.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      // The service worker and the manifest name every other file: a browser checks them at each visit.
      else if (/(service-worker\.js|\.webmanifest)$/.test(path)) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => (isApi(req) ? next() : staticFiles(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (isApi(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}
