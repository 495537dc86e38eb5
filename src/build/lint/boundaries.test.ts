import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Each case lints a small snippet as if it lived at a path in the repo, with the repo's own eslint.config.js,
// and looks only at the boundary rules' messages.
const root = fileURLToPath(new URL("../../..", import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary messages for `code` placed at `file` (repo-relative; it need not exist). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages
    .filter((m) => m.ruleId?.startsWith("boundaries/") || m.fatal)
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the page never loads tfjs outside the worker", () => {
  it("rejects a value import of a module that imports tfjs, naming the chain", async () => {
    const errors = await boundaryErrors(
      "src/ui/X.tsx",
      `import { predictAll } from "../core/inspect/probe.ts";\nexport const x = predictAll;\n`,
    );
    expect(errors).toEqual([
      "boundaries/no-reaching: src/core/inspect/probe.ts reaches @tensorflow/tfjs via src/core/inspect/probe.ts → @tensorflow/tfjs: the page loads tfjs only in the trainer's worker (a type-only import is fine)",
    ]);
  });

  it("follows the chain through modules that do not import tfjs themselves", async () => {
    const errors = await boundaryErrors("src/app/x.ts", `import "../worker/trainer.worker.ts";\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      "src/worker/trainer.worker.ts reaches @tensorflow/tfjs via src/worker/trainer.worker.ts → src/worker/trainerApi.ts → @tensorflow/tfjs",
    );
  });

  it("accepts `import type` of the same module", async () => {
    expect(
      await boundaryErrors(
        "src/ui/X.tsx",
        `import type { ActivationRanges } from "../core/inspect/probe.ts";\nexport type A = ActivationRanges;\n`,
      ),
    ).toEqual([]);
  });

  it("rejects inline type specifiers alone, which still load the module under verbatimModuleSyntax", async () => {
    const errors = await boundaryErrors(
      "src/ui/X.tsx",
      `import { type ActivationRanges } from "../core/inspect/probe.ts";\nexport type A = ActivationRanges;\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("src/core/inspect/probe.ts reaches @tensorflow/tfjs");
  });

  it("rejects a direct import of tfjs, and re-exports", async () => {
    expect(
      await boundaryErrors("src/ui/X.tsx", `import * as tf from "@tensorflow/tfjs";\nexport const t = tf;\n`),
    ).toEqual([
      "boundaries/no-reaching: @tensorflow/tfjs is imported directly: the page loads tfjs only in the trainer's worker (a type-only import is fine)",
    ]);
    expect(
      await boundaryErrors(
        "src/ui/X.tsx",
        `import type * as tf from "@tensorflow/tfjs";\nexport type T = tf.Tensor;\n`,
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors("src/app/x.ts", `export { predictAll } from "../core/inspect/probe.ts";\n`),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("src/app/x.ts", `export type { ActivationRanges } from "../core/inspect/probe.ts";\n`),
    ).toEqual([]);
  });

  it("rejects import() of such a module on the page", async () => {
    const errors = await boundaryErrors(
      "src/app/x.ts",
      `export const load = () => import("../worker/trainerApi.ts");\n`,
    );
    expect(errors).toEqual([
      "boundaries/no-reaching: import() of src/worker/trainerApi.ts reaches @tensorflow/tfjs via src/worker/trainerApi.ts → @tensorflow/tfjs: the page loads tfjs only in the trainer's worker",
    ]);
  });

  it("allows only the worker client's main-thread fallback to load tfjs lazily", async () => {
    const client = "src/worker/trainerClient.ts";
    const source = readFileSync(path.join(root, client), "utf8");
    expect(source).toContain(`import("./trainerApi.ts")`);
    expect(await boundaryErrors(client, source)).toEqual([]);
    // the page may start the client; the allowed fallback edge is not followed
    expect(
      await boundaryErrors("src/app/x.ts", `export const start = () => import("../worker/trainerClient.ts");\n`),
    ).toEqual([]);
    // a static import of the API from the client is not the fallback
    expect(
      await boundaryErrors(client, `import { trainerApi } from "./trainerApi.ts";\nexport const api = trainerApi;\n`),
    ).toHaveLength(1);
  });

  it("does not apply to test files, which run in Node", async () => {
    expect(
      await boundaryErrors(
        "src/ui/X.test.ts",
        `import { predictAll } from "../core/inspect/probe.ts";\nexport const x = predictAll;\n`,
      ),
    ).toEqual([]);
  });
});

describe("App.tsx is the composition root", () => {
  const code = `import { formatInt } from "../ui/format.ts";\nexport const f = formatInt;\n`;

  it("rejects an import from src/ui/ elsewhere in src/app/, type imports included", async () => {
    expect(await boundaryErrors("src/app/foo.ts", code)).toEqual([
      "boundaries/import-zones: src/app/foo.ts must not import src/ui/format.ts: App.tsx is the composition root; only it imports from src/ui/",
    ]);
    expect(
      await boundaryErrors(
        "src/app/foo.ts",
        `import type { NumberFieldProps } from "../ui/form/NumberField.tsx";\nexport type P = NumberFieldProps;\n`,
      ),
    ).toHaveLength(1);
  });

  it("accepts it in App.tsx", async () => {
    expect(await boundaryErrors("src/app/App.tsx", code)).toEqual([]);
  });
});

describe("config/ is the bottom layer", () => {
  it("rejects imports from core/, type imports included", async () => {
    expect(
      await boundaryErrors(
        "src/config/x.ts",
        `import { createRng } from "../core/random.ts";\nexport const r = createRng;\n`,
      ),
    ).toEqual([
      "boundaries/import-zones: src/config/x.ts must not import src/core/random.ts: config/ is the bottom layer (it may import src/layers/)",
    ]);
    expect(
      await boundaryErrors(
        "src/config/x.ts",
        `import type { WeightFormat } from "../core/compress/quantize.ts";\nexport type W = WeightFormat;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "src/config/x.ts",
        `import { useAppStore } from "../app/store.ts";\nexport const s = useAppStore;\n`,
      ),
    ).toHaveLength(1);
  });

  it("accepts imports within config/ and from layers/", async () => {
    expect(
      await boundaryErrors(
        "src/config/x.ts",
        `import { PRESETS } from "./presets.ts";\nimport { conv } from "../layers/conv.ts";\nexport const p = [PRESETS, conv];\n`,
      ),
    ).toEqual([]);
  });
});

describe("only tests import from tests/", () => {
  const code = `import { setup } from "../../tests/e2e/serve.ts";\nexport const s = setup;\n`;

  it("rejects it in a module", async () => {
    expect(await boundaryErrors("src/core/x.ts", code)).toEqual([
      "boundaries/import-zones: src/core/x.ts must not import tests/e2e/serve.ts: only test files import from tests/",
    ]);
  });

  it("accepts it in a test file", async () => {
    expect(await boundaryErrors("src/core/x.test.ts", code)).toEqual([]);
  });
});

describe("layers/ imports only zod, layers/ and tfjs's types", () => {
  it("accepts zod, other layer modules and `import type` of tfjs", async () => {
    const code = [
      `import { z } from "zod";`,
      `import type * as tf from "@tensorflow/tfjs";`,
      `import { shared } from "./shared.ts";`,
      `export const conv = { schema: z.object({}), shared };`,
      `export type T = tf.Tensor;`,
      ``,
    ].join("\n");
    expect(await boundaryErrors("src/layers/conv.ts", code)).toEqual([]);
  });

  it("rejects a value import of tfjs", async () => {
    expect(
      await boundaryErrors("src/layers/conv.ts", `import * as tf from "@tensorflow/tfjs";\nexport const t = tf;\n`),
    ).toEqual([
      "boundaries/import-zones: src/layers/conv.ts must not import @tensorflow/tfjs: a layer module imports only zod, other layer modules and tfjs's types",
    ]);
  });

  it("rejects config/, core/ and other packages, type imports included", async () => {
    expect(
      await boundaryErrors(
        "src/layers/conv.ts",
        `import { LIMITS } from "../config/schema.ts";\nexport const s = LIMITS;\n`,
      ),
    ).toEqual([
      "boundaries/import-zones: src/layers/conv.ts must not import src/config/schema.ts: a layer module imports only zod, other layer modules and tfjs's types",
    ]);
    expect(
      await boundaryErrors(
        "src/layers/conv.ts",
        `import type { ExperimentConfig } from "../config/schema.ts";\nexport type C = ExperimentConfig;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "src/layers/conv.ts",
        `import { createRng } from "../core/random.ts";\nexport const r = createRng;\n`,
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("src/layers/conv.ts", `import { create } from "zustand";\nexport const c = create;\n`),
    ).toHaveLength(1);
  });
});
