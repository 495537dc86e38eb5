import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "public/datasets", "test-results", "bench-results"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.worker } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // with verbatimModuleSyntax, `import { type A } from "x"` still loads "x": write `import type`
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
  {
    // The pure core: no React, no DOM, no UI; it runs in Node, in the worker and on the main thread.
    files: ["src/core/**/*.ts", "src/config/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["react", "react-dom", "recharts", "zustand", "**/ui/**", "**/app/**"] }],
      "no-restricted-globals": ["error", "window", "document", "localStorage", "navigator"],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // UI leaves never touch tensors.
    files: ["src/ui/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@tensorflow/*", "**/core/backends/**", "**/core/train/trainLoop*", "**/core/model/buildModel*", "**/core/data/batches*", "**/core/export/modelArtifacts*"] }],
    },
  },
  {
    files: ["src/build/**/*.mjs", "tests/**/*.{ts,mjs}", "*.config.{js,ts}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
