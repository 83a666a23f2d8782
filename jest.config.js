/**
 * Jest runs TypeScript through ts-jest in transpile-only mode; `npm run typecheck` does the type checking once.
 * swagger-parser 13 depends on @apidevtools/json-schema-ref-parser, which ships ESM only; Jest's CommonJS loader on
 * Node 20 cannot require it, so that one package is transpiled too (tsx handles it at run time outside Jest).
 */
const tsJest = ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true, isolatedModules: true } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': tsJest,
    '^.+/node_modules/@apidevtools/json-schema-ref-parser/.+\\.js$': tsJest,
  },
  transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
