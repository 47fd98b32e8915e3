import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './tools/lint/boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Personal data must never reach a log by accident: the app logs through pino with serializers.
      'no-console': ['error', { allow: ['error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['tools/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    // The architecture's boundaries (docs/architecture.md): route -> service -> repository -> database.
    files: ['src/**/*.ts'],
    plugins: { 'whole-picture': boundaries },
    rules: {
      'whole-picture/module-boundaries': 'error',
      'whole-picture/sql-in-repositories': 'error',
      'whole-picture/no-owner-connection': 'error',
    },
  },
  {
    // A page or API operation declares its audit events and the shared wiring writes them
    // (src/platform/pages/register.ts, src/platform/api/operation.ts): a module never writes one itself.
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='record'][callee.object.property.name='audit']",
          message:
            'Declare the audit event on the page or operation (audit, or a result with `also`); the wiring writes it.',
        },
      ],
    },
  },
);
