// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that code running in the sandboxed renderer or in pure common/ code must not reach. */
const nodeOnly = [
  {
    group: ['electron', 'electron/*'],
    message: 'The renderer and common/ code never import Electron.',
  },
  { group: ['node:*'], message: 'The renderer and common/ code never import Node built-ins.' },
  { group: ['**/native', '**/native/*'], message: 'Only main-side code loads the native addon.' },
  {
    group: ['**/lab/*', '**/proc/*', '**/web/*', '**/electron/*'],
    message: 'Import only src-main/common from here.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/',
      'native/build/',
      'node_modules/',
      'results/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['native/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: nodeOnly }],
    },
  },
  {
    files: ['src-main/common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodeOnly }] },
  },
);
