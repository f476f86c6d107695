import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const API_MAIN = resolve(REPO_ROOT, 'apps/api/dist/main.js');
export const WEB_DIST = resolve(REPO_ROOT, 'apps/web/dist');
export const SCREENSHOTS_DIR = resolve(REPO_ROOT, 'artifacts/screenshots');
