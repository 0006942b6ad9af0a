// One linter configuration: type-aware rules so that floating promises are errors.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.expedite*/**', 'web/dist/**', 'bin/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Fastify plugins and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The layer rule's configuration is CommonJS, as dependency-cruiser loads it.
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: false, projectService: false },
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
  {
    // Configuration is read in one place: src/config.ts for the server (and the CLI's entry,
    // which hands its environment to the CLI's own configuration).
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/cli/main.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in src/config.ts.' },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Each page folder stands alone: what two pages share lives in web/src/components or lib. Only
    // the router (web/src/app) reaches into pages, to load them. The rule resolves every relative
    // import (static, dynamic, re-export) and refuses one that lands in another page's folder.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/app/**'],
    plugins: {
      web: {
        rules: {
          'own-page-only': {
            meta: {
              type: 'problem',
              messages: {
                otherPage:
                  "'{{source}}' lies in the {{page}} page's folder: move what pages share to web/src/components or web/src/lib.",
              },
              schema: [],
            },
            /**
             * @param {import('eslint').Rule.RuleContext} context
             * @returns {import('eslint').Rule.RuleListener}
             */
            create(context) {
              const pages = `${import.meta.dirname}/web/src/pages/`;
              /** The page folder `file` lies in, if any. @param {string} file */
              const pageOf = (file) =>
                file.startsWith(pages) ? file.slice(pages.length).split('/')[0] : undefined;
              /** A relative import resolved against the file being linted. @param {string} spec */
              const resolve = (spec) => {
                const parts = context.filename.split('/').slice(0, -1);
                for (const part of spec.split('/'))
                  if (part === '..') parts.pop();
                  else if (part !== '.') parts.push(part);
                return parts.join('/');
              };
              const own = pageOf(context.filename);
              /** Reports `source` when it names another page's file. @param {import('estree').Node | null | undefined} source */
              const check = (source) => {
                if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
                if (!source.value.startsWith('.')) return;
                const page = pageOf(resolve(source.value));
                if (page !== undefined && page !== own)
                  context.report({
                    node: source,
                    messageId: 'otherPage',
                    data: { source: source.value, page },
                  });
              };
              return {
                ImportDeclaration: (node) => check(node.source),
                ImportExpression: (node) => check(node.source),
                ExportNamedDeclaration: (node) => check(node.source),
                ExportAllDeclaration: (node) => check(node.source),
              };
            },
          },
        },
      },
    },
    rules: { 'web/own-page-only': 'error' },
  },
  {
    // Tests read JSON responses, which are untyped by nature.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
