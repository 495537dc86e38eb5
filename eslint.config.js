import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { fileURLToPath } from "node:url";
import boundaries from "./src/build/lint/boundaries.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
const TESTS = "**/*.test.ts";

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
      "no-restricted-imports": [
        "error",
        { patterns: ["react", "react-dom", "recharts", "zustand", "**/ui/**", "**/app/**"] },
      ],
      "no-restricted-globals": ["error", "window", "document", "localStorage", "navigator"],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Which folder may import which, by resolved path (type imports count too).
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries },
    rules: {
      "boundaries/import-zones": [
        "error",
        {
          root,
          zones: [
            {
              importers: ["src/app/**"],
              except: ["src/app/App.tsx", TESTS],
              forbid: ["src/ui/**"],
              message: "App.tsx is the composition root; only it imports from src/ui/",
            },
            {
              importers: ["src/config/**"],
              except: [TESTS],
              forbid: ["src/core/**", "src/worker/**", "src/app/**", "src/ui/**"],
              message: "config/ is the bottom layer (it may import src/layers/)",
            },
            {
              importers: ["src/layers/**"],
              except: [TESTS],
              allow: ["src/layers/**", "zod", { module: "@tensorflow/tfjs", typeOnly: true }],
              message: "a layer module imports only zod, other layer modules and tfjs's types",
            },
            {
              importers: ["src/**"],
              except: [TESTS],
              forbid: ["tests/**"],
              message: "only test files import from tests/",
            },
          ],
        },
      ],
    },
  },
  {
    // The page: tfjs loads only in the trainer's worker, started by src/worker/trainerClient.ts.
    files: ["src/ui/**/*.{ts,tsx}", "src/app/**/*.{ts,tsx}", "src/main.tsx", "src/worker/trainerClient.ts"],
    ignores: [TESTS],
    plugins: { boundaries },
    rules: {
      "boundaries/no-reaching": [
        "error",
        {
          root,
          packages: ["@tensorflow/*"],
          place: "the page loads tfjs only in the trainer's worker",
          allowDynamic: [
            {
              importer: "src/worker/trainerClient.ts",
              module: "src/worker/trainerApi.ts",
              reason:
                "when the worker cannot start, the trainer falls back to the main thread and loads tfjs there, lazily",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/build/**/*.mjs", "tests/**/*.{ts,mjs}", "*.config.{js,ts}"],
    languageOptions: { globals: { ...globals.node } },
  },
);
