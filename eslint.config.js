import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const webSrc = fileURLToPath(new URL('./apps/web/src/', import.meta.url));
const webFeatures = readdirSync(`${webSrc}features`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const apiSrc = fileURLToPath(new URL('./apps/api/src/', import.meta.url));
/**
 * The API's floors (docs/architecture.md): each module and the modules it may import. A module not listed here may
 * import none; a new module gets a line, which is where its place in the house is decided.
 */
const apiModuleDeps = {
  files: [],
  mail: [],
  health: ['messages'],
  users: ['files'],
  friendships: ['users'],
  audit: ['users', 'friendships'],
  server: ['users', 'friendships', 'audit'],
  auth: ['users', 'mail', 'server'],
  accounts: ['users', 'friendships', 'auth', 'audit', 'files', 'rooms'],
  rooms: ['users', 'friendships', 'audit', 'files', 'server'],
  messages: ['users', 'friendships', 'audit', 'rooms', 'files'],
  notifications: ['users', 'friendships', 'rooms'],
  delivery: ['users', 'mail', 'notifications'],
  'room-views': ['friendships', 'rooms', 'messages', 'files'],
  'admin-overview': ['users', 'rooms', 'messages', 'files'],
  'file-access': ['auth', 'users', 'rooms', 'messages', 'files'],
  reports: ['users', 'friendships', 'audit', 'accounts', 'rooms', 'messages', 'room-views'],
  realtime: ['auth', 'users', 'friendships', 'rooms', 'room-views'],
};
const apiModules = readdirSync(`${apiSrc}modules`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** One lint setup for the whole repository. Formatting is Prettier's job (`prettier --check .`). */
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.data/**', 'artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // NestJS injects by the runtime class reference: constructor parameter types must stay value imports.
    files: ['apps/api/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The web app's import picture (bulletproof-react's): shared code (components, hooks, lib, utils, styles) →
    // features → app. A feature imports no other feature; what two features need lives in the shared folders, and
    // what joins features together lives in app/.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Read imported TypeScript files with the TypeScript parser (no-cycle follows them), resolved as tsc does.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.jsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: fileURLToPath(new URL('./apps/web/tsconfig.json', import.meta.url)) }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: webSrc,
          zones: [
            ...webFeatures.map((feature) => ({
              target: `./features/${feature}`,
              from: './features',
              except: [`./${feature}`],
              message: 'A feature does not import another feature: move what both need to components/ or lib/, or join them in app/.',
            })),
            { target: './features', from: './app', message: 'Imports flow shared → features → app.' },
            {
              target: ['./components', './hooks', './lib', './utils', './styles'],
              from: ['./features', './app'],
              message: 'Shared code does not import features or the app: imports flow shared → features → app.',
            },
          ],
        },
      ],
      'import-x/no-cycle': 'error',
    },
  },
  {
    // The API's import picture: common/, config/ and database/ at the ground, the domain modules as floors above them
    // (each imports only the modules below it, listed in apiModuleDeps), app.module/app/main on top. No cycles.
    files: ['apps/api/src/**/*.ts', 'apps/api/test/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: fileURLToPath(new URL('./apps/api/tsconfig.json', import.meta.url)) }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: apiSrc,
          zones: [
            {
              target: ['./common', './config', './database'],
              from: ['./modules', './app.module.ts', './app.ts', './main.ts'],
              message:
                'common/, config/ and database/ are the ground floor: they import no module (each module registers its own entities).',
            },
            {
              target: './modules',
              from: ['./app.module.ts', './app.ts', './main.ts'],
              message: 'The app wires modules; modules do not import it.',
            },
            ...apiModules.map((name) => ({
              target: `./modules/${name}`,
              from: './modules',
              except: [`./${name}`, ...(apiModuleDeps[name] ?? [])].map((m) => `./${m}`),
              message: `${name} may import only ${(apiModuleDeps[name] ?? []).join(', ') || 'no other module'} (see apiModuleDeps and docs/architecture.md): use an exported service of a lower floor, or a domain event.`,
            })),
          ],
        },
      ],
      'import-x/no-cycle': 'error',
    },
  },
);
