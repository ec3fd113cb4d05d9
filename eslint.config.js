// Lint: typescript-eslint's recommended rules over the TypeScript, the browser's rules over the web app's
// JavaScript. Formatting is prettier's (`npm run format`), so no stylistic rule is set here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // A leading underscore names what is taken apart only to be left out (`const { id: _id, ...rest } = data`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The deciders state the rules: a state that may lack a field is a narrower type, never a `!`.
    files: ['src/**/*.decider.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ignores: ['src/web/public/**'],
    languageOptions: { globals: globals.node },
  },
);
