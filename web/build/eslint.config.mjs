// ESLint over the post-build step (make lint-build-step): ESLint's recommended rules, and a few
// that keep a slip from reaching every visitor. The loader runs in the page, as a module script,
// before any module, with no syntax newer than ES2022: it is held to the browser globals it is
// known to use, so a misspelt or new one (a browser also has `name`, `status`, `event`) is a
// finding, and its unit test (loader.test.mjs) gives it exactly these. The rest is Node (the hook
// and the tests).
import js from '@eslint/js';
import globals from 'globals';

const STRICT = {
  eqeqeq: 'error',
  'no-implicit-coercion': 'error',
  'no-shadow': 'error',
  'no-var': 'error',
  // `let x; ({ html, x } = f(html))` threads the page through the steps.
  'prefer-const': ['error', { destructuring: 'all' }],
};

export default [
  js.configs.recommended,
  {
    files: ['loader.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        AbortSignal: 'readonly',
        Element: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        WebAssembly: 'readonly',
        addEventListener: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        location: 'readonly',
        window: 'readonly',
      },
    },
    rules: STRICT,
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.node },
    rules: STRICT,
  },
];
