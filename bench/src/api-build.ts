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
    distBuiltAt: newestMtime([join(repoRoot, 'apps/api/dist')], '.js'),
  };
}

/** The newest modification time of the files ending in `ext` under `dirs` (ISO), null when there is none. */
function newestMtime(dirs: string[], ext: string): string | null {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (e.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of dirs) {
    try {
      walk(dir);
    } catch {
      /* a folder that is not there */
    }
  }
  return newest ? new Date(newest).toISOString() : null;
}

/**
 * A warning when a source file of the API (or of the contracts it imports) is newer than its build: `pnpm bench` runs
 * apps/api/dist as it is, so the run would measure code older than the tree's.
 */
export function apiStaleWarning(distBuiltAt: string | null): string | null {
  const sources = newestMtime([join(repoRoot, 'apps/api/src'), join(repoRoot, 'packages/contracts/src')], '.ts');
  return distBuiltAt && sources && sources > distBuiltAt
    ? `apps/api/dist (built ${distBuiltAt}) is older than its sources (changed ${sources}): run \`pnpm build\` first, this run measures the older build`
    : null;
}

/** A warning when apps/api/dist changed between the start of the run and now: later phases measured other code. */
export function apiRebuiltWarning(results: Results): string | null {
  const builtAt = (results.machine.apiBuild as { distBuiltAt?: string | null } | undefined)?.distBuiltAt;
  const builtAtEnd = newestMtime([join(repoRoot, 'apps/api/dist')], '.js');
  return builtAt && builtAtEnd && builtAt !== builtAtEnd
    ? `apps/api/dist was rebuilt during the run (${builtAt} → ${builtAtEnd}): later phases measured other code`
    : null;
}
