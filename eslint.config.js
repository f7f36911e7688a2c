import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'devserver/dist/**', 'node_modules/**', '.data/**', 'api/console/ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Small CommonJS scripts run by plain Node (the CI tally, a benchmark diagnostic).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no adapters.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process'], message: 'Workflows must not use Node built-ins.' },
            { group: ['**/adapters/**', '**/activities/*', '!**/activities/types*', 'pg', 'nodemailer', 'pdfkit'], message: 'Workflows import activity types only, never adapters or activity implementations.' },
          ],
        },
      ],
    },
  },
);
