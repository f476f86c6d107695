import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import type { Results } from './results.js';

/** Which API was measured: the commit, whether the tree differs from it, and when apps/api/dist was last built. */
export function apiBuildState(): { commit: string | null; uncommittedFiles: number | null; distBuiltAt: string | null } {
  const git = (args: string[]) => {
    const res = spawnSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' });
    return res.status === 0 ? res.stdout.trim() : null;
  };
  const status = git(['status', '--porcelain', '--', 'apps/api', 'packages']);
  return {
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedFiles: status === null ? null : status.split('\n').filter(Boolean).length,
    distBuiltAt: newestMtime(join(repoRoot, 'apps/api/dist')),
  };
}

function newestMtime(dir: string): string | null {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  try {
    walk(dir);
  } catch {
    return null;
  }
  return newest ? new Date(newest).toISOString() : null;
}

/** A warning when apps/api/dist changed between the start of the run and now: later phases measured other code. */
export function apiRebuiltWarning(results: Results): string | null {
  const builtAt = (results.machine.apiBuild as { distBuiltAt?: string | null } | undefined)?.distBuiltAt;
  const builtAtEnd = newestMtime(join(repoRoot, 'apps/api/dist'));
  return builtAt && builtAtEnd && builtAt !== builtAtEnd
    ? `apps/api/dist was rebuilt during the run (${builtAt} → ${builtAtEnd}): later phases measured other code`
    : null;
}
