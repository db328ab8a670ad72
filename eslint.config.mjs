// ESLint: Next's own rules (core web vitals, React, hooks, a11y, imports) plus typescript-eslint's type-aware set.
// Zero warnings is the bar (`npm run lint`, part of `npm test`); formatting is Prettier's job, not ESLint's.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    ".next/**",
    "generated/**",
    "node_modules/**",
    ".runtime/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused names are errors, except the deliberate `_name` (a parameter an interface requires).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // An async function that implements a Promise-returning signature (a route handler, a wrapper's callback)
      // needs no await of its own; rewriting each as Promise.resolve(...) would say less.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests read JSON bodies, which are `any` by nature, and assert on their fields: the any rules would only make
    // each assertion cast what it is about to check.
    files: ["test/**", "e2e/**", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
]);
