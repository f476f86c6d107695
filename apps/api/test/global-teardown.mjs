import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__EMBEDDED_PG__?.stop();
  if (globalThis.__EMBEDDED_PG_DIR__) rmSync(globalThis.__EMBEDDED_PG_DIR__, { recursive: true, force: true });
}
