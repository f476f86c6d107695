/** Unit tests of the web app's logic, in native ESM (the workspace is "type": "module"), TypeScript through @swc/jest. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

// Far from UTC, so date code that confuses UTC and local time fails here too (workers inherit this).
process.env.TZ = 'America/Los_Angeles';

export default {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  // Components import their stylesheets; under jest they load as an empty module.
  moduleNameMapper: { '\\.css$': '<rootDir>/jest.style-stub.js' },
  transform: { '^.+\\.tsx?$': ['@swc/jest', swc] },
  // jest's default on a 2-core machine is one worker, in band: the suite took 63 s there against 7 s with two
  maxWorkers: 2,
};
