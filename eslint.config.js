// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Modules that the pure domain and protocol in shared/ must never import. */
const impureModules = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'better-sqlite3',
  'socket.io',
  'socket.io-client',
  'react',
  'react-dom',
  'electron',
  'fastify',
  'pino',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'coverage/**',
      '.tmp/**',
      '**/*.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Fastify handlers are async by contract even when they compute synchronously.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAnyKeyword', message: 'No any: use unknown and narrow.' },
      ],
    },
  },
  {
    // The domain and the protocol are pure: time and randomness are parameters.
    files: [
      'shared/src/domain/**/*.ts',
      'shared/src/protocol/**/*.ts',
      'shared/src/receipt/**/*.ts',
      'shared/src/demo-hall/**/*.ts',
      'shared/src/testing/**/*.ts',
      'shared/src/voice/**/*.ts',
      'shared/src/sim/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: impureModules.map((group) => ({
            group: [group],
            message: 'shared/ is pure: no Node, storage, network or UI imports.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Pass time in as a parameter (now: number).' },
        { name: 'process', message: 'shared/ runs in browsers too.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pass randomness in as a parameter.' },
      ],
    },
  },
  {
    // Browser code: the UIs and the shared client library and UI pieces.
    files: [
      'shared/src/client/**/*.{ts,tsx}',
      'shared/src/ui/**/*.{ts,tsx}',
      'kiosk/src/**/*.{ts,tsx}',
      'display/src/**/*.{ts,tsx}',
      'counter/src/**/*.{ts,tsx}',
      'admin/src/**/*.{ts,tsx}',
      'hall-client/pages/**/*.{ts,tsx}',
    ],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['./tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'better-sqlite3', 'fastify', 'pino', 'electron', '**/server/**'],
              message: 'Browser code: no Node, server or Electron imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // The hall client's core is plain Node TypeScript, unit-tested without Electron: only the
    // thin shell (hall-client/src/main.ts, preload.ts) may import electron.
    files: ['hall-client/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'hall-client/src/core is plain TS: wire Electron in main.ts/preload.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS hooks that tools load by path (electron-builder's afterPack): plain JS.
    files: ['scripts/**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
