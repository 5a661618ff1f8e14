// ESLint for the scripts the browser runs (no build step: what is here is what is served) and
// for their unit tests (node's test runner, tests/js/).
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    // tests/fixtures/ holds other projects' files as test data, not our code.
    ignores: ['node_modules/', 'app/static/vendor/', '.venv/', 'test-artifacts/', 'tests/fixtures/'],
  },
  js.configs.recommended,
  {
    rules: {
      // The scripts name an error they deliberately ignore (`catch (e) {}`): not a mistake.
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
    },
  },
  {
    // Pages' scripts: classic scripts (not modules), each wrapped in its own function.
    files: ['app/static/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
  },
  {
    files: ['app/offline/sw.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      // __PRECACHE__ is replaced by the list of files to keep when app/offline/views.py serves it.
      globals: { ...globals.serviceworker, __PRECACHE__: 'readonly' },
    },
  },
  {
    files: ['tests/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
  },
];
