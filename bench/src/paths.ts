import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the bench finds what it runs: the built API, its own generator, relay and timer (beside this file in dist/). */
const here = dirname(fileURLToPath(import.meta.url));
export const benchRoot = resolve(here, '..');
export const repoRoot = resolve(benchRoot, '..');
export const mainJs = join(repoRoot, 'apps/api/dist/main.js');
export const generatorJs = join(here, 'generator.js');
export const relayJs = join(here, 'relay-server.js');
export const timerJs = join(here, 'timer.js');

export const relativeToRepo = (p: string) => (p.startsWith(repoRoot) ? p.slice(repoRoot.length + 1) : p);
