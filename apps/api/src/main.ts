import 'reflect-metadata';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';
import { createApp } from './app.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, config.logPretty);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dir = join(config.dataDir, 'postgres');
    logger.info({ dir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dir,
      passwordFile: join(config.dataDir, 'postgres-password'),
      log: (line) => logger.debug({ context: 'postgres' }, line),
    });
    databaseUrl = embedded.url;
  }
  const applied = await runMigrations(databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');

  const app = await createApp({ ...config, databaseUrl }, logger);
  let closing = false;
  /**
   * Stops accepting (HTTP and Socket.IO close their listeners), closes every socket at the transport so clients
   * reconnect by themselves, lets requests in flight finish, writes the sends still queued for the group commit
   * (MessagesService), closes the database pool and Redis, and only then stops the embedded PostgreSQL.
   */
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s: exiting anyway');
      logger.flush();
      process.exit(1);
    }, 20_000);
    force.unref();
    let code = 0;
    // Keep-alive connections that fall idle once their last response is sent are closed at once, not when the client
    // times them out: Node's server.close() only closes those that are idle when it is called.
    const server = app.getHttpServer() as Server;
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    closeIdle.unref();
    try {
      await app.close();
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      code = 1;
    } finally {
      await embedded?.stop();
      logger.info({ signal }, 'stopped');
      logger.flush();
      process.exit(code);
    }
  };
  // embedded-postgres (through async-exit-hook) listens to these signals too: it would stop PostgreSQL at once and
  // exit with 128+signal, under the requests still in flight. This process decides when the database stops.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void shutdown(signal));
  }

  await app.listen(config.port, config.host);
  logger.info({ url: `http://localhost:${config.port}`, docs: `http://localhost:${config.port}/api/docs` }, 'chat is listening');
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
