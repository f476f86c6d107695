#!/usr/bin/env node
// The project's entry points, usable on a machine that has only Node.js 20+ and npm:
//   npm start  — install, build, and serve the app (API + SPA) on http://localhost:$PORT (3000)
//   npm test   — install, build, lint, type-check, and run every test suite (unit, integration, browser)
//   npm run dev — API plus Vite dev server with hot reload
// pnpm is fetched into .tools/ from the npm registry when it is not already on the PATH.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';
const command = process.argv[2] ?? 'start';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node.js 20 or newer is needed (this is ${process.version}).`);
  process.exit(1);
}

function ensurePnpm() {
  const found = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (found.status === 0 && found.stdout.trim().startsWith('12.')) return;
  const tools = join(root, '.tools');
  const bin = join(tools, 'node_modules', '.bin');
  if (!existsSync(join(bin, 'pnpm'))) {
    console.log(`» installing pnpm ${PNPM_VERSION} into .tools/`);
    run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', tools, `pnpm@${PNPM_VERSION}`]);
  }
  process.env.PATH = `${bin}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH}`;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts });
  if (res.status !== 0) {
    console.error(`✗ ${cmd} ${args.join(' ')} failed`);
    process.exit(res.status ?? 1);
  }
}

/**
 * Runs a command and returns its output for the summary. Alone, it echoes as it goes; `buffered`, it prints the whole
 * output once the command ends, so commands run side by side do not interleave their lines.
 */
function runCaptured(cmd, args, { buffered = false, title = '' } = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (stream) => (d) => {
      out += d;
      if (!buffered) stream.write(d);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('close', (code) => {
      if (buffered) process.stdout.write(`${title ? `» ${title}\n` : ''}${out}`);
      resolveRun({ code: code ?? 1, out });
    });
  });
}

function install() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs && !process.env.CI) return;
  console.log('» pnpm install');
  run('pnpm', ['install', '--frozen-lockfile']);
}

function build() {
  console.log('» building contracts, web and api');
  // two at a time: the web app's Vite build and the API's tsc each keep about one core busy
  run('pnpm', ['-r', '--workspace-concurrency=2', 'run', 'build']);
}

function startApi(extraEnv = {}) {
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  return child;
}

async function test() {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const began = Date.now();
  const since = () => `${Math.round((Date.now() - began) / 1000)} s`;
  install();
  console.log(`» installed (${since()} from the start)`);
  build();
  console.log(`» built (${since()} from the start)`);
  // lint and the type-check each use one core; the web app's build above already type-checked it
  console.log('» lint and format check, type-check (side by side)');
  const checks = await Promise.all([
    runCaptured('pnpm', ['run', 'lint'], { buffered: true, title: 'lint and format check' }),
    runCaptured('pnpm', ['-r', '--filter', '!@chat/web', 'run', 'typecheck'], { buffered: true, title: 'type-check' }),
  ]);
  if (checks.some((c) => c.code !== 0)) {
    console.error('✗ lint or type-check failed');
    process.exit(1);
  }
  console.log(`» checked (${since()} from the start)`);
  // Two lanes side by side: the browser journeys leave about a quarter of the two cores idle (the browser waits on the
  // app and the app on the browser), which the API's suite and the smaller ones fill; run one after the other, the
  // two lanes took 17 minutes, side by side 15. Each suite's output is printed whole when it ends.
  const lanes = [
    [
      ['contracts', ['--filter', '@chat/contracts', 'run', 'test']],
      // the API and the bench were built above: their jest alone (their `test` scripts compile first, for a direct run)
      ['api', ['--filter', '@chat/api', 'run', 'test:jest']],
      ['web', ['--filter', '@chat/web', 'run', 'test']],
      ['bench smoke', ['--filter', '@chat/bench', 'run', 'test:jest']],
    ],
    [['browser', ['--filter', '@chat/e2e', 'run', 'test']]],
  ];
  let passed = 0;
  let failed = 0;
  const failedSuites = [];
  const runLane = async (suites) => {
    for (const [name, args] of suites) {
      const started = Date.now();
      console.log(`» ${name} tests started (${since()} from the start)`);
      const { code, out } = await runCaptured('pnpm', args, { buffered: true, title: `${name} tests` });
      console.log(`» ${name} tests ${code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
      for (const m of out.matchAll(/^Tests:\s+(.*)$/gm)) {
        passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
        failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
      }
      if (code !== 0) failedSuites.push(name);
    }
  };
  await Promise.all(lanes.map(runLane));
  console.log('');
  if (failedSuites.length) console.log(`failing suites: ${failedSuites.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed, in ${since()}`);
  process.exit(failedSuites.length ? 1 : 0);
}

ensurePnpm();
switch (command) {
  case 'start':
    install();
    build();
    startApi().on('exit', (code) => process.exit(code ?? 0));
    break;
  case 'dev': {
    install();
    build();
    const apiPort = process.env.PORT ?? '3000';
    const api = startApi({ PORT: apiPort });
    const web = spawn('pnpm', ['--filter', '@chat/web', 'run', 'dev'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, API_PORT: apiPort },
    });
    const stop = () => {
      api.kill('SIGTERM');
      web.kill('SIGTERM');
    };
    api.on('exit', stop);
    web.on('exit', stop);
    break;
  }
  case 'test':
    await test();
    break;
  default:
    console.error(`unknown command ${command}: use start, test or dev`);
    process.exit(1);
}
