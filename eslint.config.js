import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Module boundaries from docs/architecture.md, enforced here.
const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group,
        message: 'Crosses a module boundary (see docs/architecture.md).',
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules', '**/dist', 'data', 'examples', 'web/**', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts', 'server/bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['server/src/platform/**/*.ts'], rules: restrict([['../*', '!../platform/*']]) },
  {
    files: ['server/src/telephony/**/*.ts'],
    rules: restrict([
      ['**/db/*', '**/db', '**/modules/*', '**/http/*', '**/realtime/*', '**/config/*', '**/cli/*'],
    ]),
  },
  {
    files: ['server/src/modules/**/*.ts'],
    rules: restrict([
      ['**/http/*', '**/realtime/*', '**/cli/*', '../*/!(index.ts)', '../../modules/*/!(index.ts)'],
    ]),
  },
  {
    files: ['server/src/http/**/*.ts', 'server/src/realtime/**/*.ts', 'server/src/cli/**/*.ts'],
    rules: restrict([['**/modules/*/!(index.ts)']]),
  },
  {
    files: ['**/*.test.ts', 'server/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
