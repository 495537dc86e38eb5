// The project's import boundaries as ESLint rules. Both rules resolve relative imports the way the code writes
// them (with .ts/.tsx extensions) against the importing file, and read other files from disk.
//
// - `no-reaching`: a value import (static, re-export or dynamic) of a module whose transitive value-import
//   closure reaches one of the given packages is an error naming the chain. Type-only imports are erased and
//   do not count.
// - `import-zones`: per group of importing files, the modules they must not import (`forbid`) or the only ones
//   they may import (`allow`); type imports count unless an `allow` entry says `typeOnly`.
//
// Paths in the options are relative to `root` (default: ESLint's working directory) and use `/`.

import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * @typedef {import("eslint").Rule.RuleModule} RuleModule
 * @typedef {import("eslint").Rule.RuleContext} RuleContext
 *
 * One module a file asks for, and where (offsets into the text). `typeOnly` when the compiler erases it
 * (`import type`, `export type`); with `verbatimModuleSyntax`, `import { type A } from "x"` still loads "x"
 * (as `import {} from "x"`), so it is a value request.
 * @typedef {{ source: string, dynamic: boolean, typeOnly: boolean, start: number, end: number }} ModuleRequest
 */

const SCRIPT_EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"];

/**
 * The module requests in a file: imports, re-exports, `import x = require("…")` and `import("…")` with a
 * literal specifier (type positions such as `typeof import("…")` are not requests).
 * @param {ts.SourceFile} sourceFile
 * @returns {ModuleRequest[]}
 */
export function moduleRequests(sourceFile) {
  /** @type {ModuleRequest[]} */
  const requests = [];
  /** @param {ts.Node} node @param {ts.Expression | undefined} specifier @param {boolean} dynamic @param {boolean} typeOnly */
  const add = (node, specifier, dynamic, typeOnly) => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      requests.push({ source: specifier.text, dynamic, typeOnly, start: node.getStart(sourceFile), end: node.end });
    }
  };
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, false, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, false, node.isTypeOnly);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, false, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return requests;
}

/**
 * @param {string} fileName decides TSX or TS
 * @param {string} text
 */
function parseScript(fileName, text) {
  const kind = /\.[jt]sx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
}

/** @type {WeakMap<object, ModuleRequest[]>} */
const lintedRequests = new WeakMap();

/**
 * The module requests of the file being linted, from the TypeScript tree typescript-eslint's parser already
 * built (or a new parse under another parser), shared by the rules.
 * @param {RuleContext} context
 * @returns {ModuleRequest[]}
 */
function requestsOfLinted(context) {
  const sourceCode = context.sourceCode;
  let requests = lintedRequests.get(sourceCode);
  if (!requests) {
    const mapped = sourceCode.parserServices?.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
    const sourceFile =
      mapped && ts.isSourceFile(mapped) && mapped.text === sourceCode.text
        ? mapped
        : parseScript(context.filename, sourceCode.text);
    requests = moduleRequests(sourceFile);
    lintedRequests.set(sourceCode, requests);
  }
  return requests;
}

/** @type {Map<string, { mtimeMs: number, size: number, requests: ModuleRequest[] }>} */
const requestsCache = new Map();

/**
 * A file's module requests, parsed once and kept until the file changes on disk.
 * @param {string} file absolute path
 * @returns {ModuleRequest[]}
 */
function requestsOfFile(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const cached = requestsCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.requests;
  const requests = moduleRequests(parseScript(file, fs.readFileSync(file, "utf8")));
  requestsCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, requests });
  return requests;
}

/** @param {string} specifier */
const isRelative = (specifier) =>
  specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/");

/**
 * Where a relative specifier points, by path alone (the file need not exist).
 * @param {string} importer absolute path
 * @param {string} specifier
 */
function lexicalTarget(importer, specifier) {
  return path.resolve(path.dirname(importer), specifier.replace(/[?#].*$/, ""));
}

/**
 * The script file a relative specifier loads, or null (a stylesheet, an asset, a missing file).
 * @param {string} importer absolute path
 * @param {string} specifier
 * @returns {string | null}
 */
function resolveScript(importer, specifier) {
  const base = lexicalTarget(importer, specifier);
  const candidates = [
    base,
    ...SCRIPT_EXTENSIONS.map((ext) => base + ext),
    ...SCRIPT_EXTENSIONS.map((ext) => path.join(base, "index" + ext)),
  ];
  for (const candidate of candidates) {
    if (SCRIPT_EXTENSIONS.includes(path.extname(candidate)) && isFile(candidate)) return candidate;
  }
  return null;
}

/** @param {string} file */
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @param {string} specifier a bare specifier: "zod", "zod/mini", "@tensorflow/tfjs/dist/x" */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.+^${}()|[\]\\]/g, "\\$&");

/**
 * A small glob: `**` any number of folders, `*` and `?` within one name, `{a,b}` literal alternatives.
 * @param {string} glob
 */
export function globToRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "*" && glob[i + 1] === "*") {
      if (glob[i + 2] === "/") {
        source += "(?:.*/)?";
        i += 2;
      } else {
        source += ".*";
        i += 1;
      }
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "{" && glob.indexOf("}", i) > i) {
      const end = glob.indexOf("}", i);
      source += `(?:${glob
        .slice(i + 1, end)
        .split(",")
        .map(escapeRegExp)
        .join("|")})`;
      i = end;
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

/** @type {Map<string, RegExp>} */
const globCache = new Map();
/** @param {string} glob @param {string} text */
function matchesGlob(glob, text) {
  let regExp = globCache.get(glob);
  if (!regExp) globCache.set(glob, (regExp = globToRegExp(glob)));
  return regExp.test(text);
}

/** @param {string} cwd @param {string} file */
const repoPath = (cwd, file) => path.relative(cwd, file).split(path.sep).join("/");

/**
 * What an import names, for matching against patterns: the repo-relative path of a relative import, or the
 * bare specifier and its package name.
 * @param {string} cwd
 * @param {string} importer absolute path
 * @param {string} specifier
 * @returns {string[]}
 */
function targetNames(cwd, importer, specifier) {
  if (isRelative(specifier)) return [repoPath(cwd, lexicalTarget(importer, specifier))];
  return [...new Set([specifier, packageName(specifier)])];
}

/**
 * The shortest value-import chain from `start` (a repo-relative file or a bare specifier) to a module matching
 * one of `packages`, or null.
 * @param {{ cwd: string, importer: string, specifier: string, packages: string[], allowed: (importer: string, target: string, request: ModuleRequest) => boolean }} search
 * @returns {string[] | null} repo-relative files, then the package specifier
 */
function chainToPackage({ cwd, importer, specifier, packages, allowed }) {
  /** @param {string} bare */
  const isTarget = (bare) =>
    packages.some((pattern) => matchesGlob(pattern, bare) || matchesGlob(pattern, packageName(bare)));
  if (!isRelative(specifier)) return isTarget(specifier) ? [specifier] : null;
  const start = resolveScript(importer, specifier);
  if (!start) return null;
  /** @type {Map<string, string | null>} each file reached, and the file that first asked for it */
  const parent = new Map([[start, null]]);
  /** @param {string} file */
  const chainTo = (file) => {
    /** @type {string[]} */
    const chain = [];
    for (let at = /** @type {string | null} */ (file); at !== null; at = parent.get(at) ?? null)
      chain.unshift(repoPath(cwd, at));
    return chain;
  };
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    for (const request of requestsOfFile(file)) {
      if (request.typeOnly) continue;
      if (!isRelative(request.source)) {
        if (isTarget(request.source)) return [...chainTo(file), request.source];
        continue;
      }
      const next = resolveScript(file, request.source);
      if (!next || parent.has(next) || allowed(file, next, request)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return null;
}

/** @type {RuleModule} */
const noReaching = {
  meta: {
    type: "problem",
    docs: {
      description:
        "Forbid value imports (static, re-exports, import()) of modules whose transitive value-import closure reaches the given packages",
    },
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          packages: { type: "array", items: { type: "string" }, minItems: 1 },
          place: { type: "string" },
          allowDynamic: {
            type: "array",
            items: {
              type: "object",
              properties: { importer: { type: "string" }, module: { type: "string" }, reason: { type: "string" } },
              required: ["importer", "module", "reason"],
              additionalProperties: false,
            },
          },
        },
        required: ["packages"],
        additionalProperties: false,
      },
    ],
    messages: {
      direct: "{{package}} is imported directly: {{place}} (a type-only import is fine)",
      reaches: "{{module}} reaches {{package}} via {{chain}}: {{place}} (a type-only import is fine)",
      dynamic: "import() of {{module}} reaches {{package}} via {{chain}}: {{place}}",
    },
  },
  create(context) {
    const options =
      /** @type {{ root?: string, packages: string[], place?: string, allowDynamic?: Array<{ importer: string, module: string }> }} */ (
        context.options[0]
      );
    const cwd = options.root ?? context.cwd;
    const place = options.place ?? "these files must not load it";
    const allowDynamic = options.allowDynamic ?? [];
    /** @type {(importer: string, target: string, request: ModuleRequest) => boolean} */
    const allowed = (importer, target, request) =>
      request.dynamic &&
      allowDynamic.some(
        (entry) => entry.importer === repoPath(cwd, importer) && entry.module === repoPath(cwd, target),
      );
    const filename = context.filename;
    const sourceCode = context.sourceCode;
    return {
      Program() {
        for (const request of requestsOfLinted(context)) {
          if (request.typeOnly) continue;
          const loc = {
            start: sourceCode.getLocFromIndex(request.start),
            end: sourceCode.getLocFromIndex(request.end),
          };
          const target = isRelative(request.source) ? resolveScript(filename, request.source) : null;
          if (target && allowed(filename, target, request)) continue;
          const chain = chainToPackage({
            cwd,
            importer: filename,
            specifier: request.source,
            packages: options.packages,
            allowed,
          });
          if (!chain) continue;
          const packageSpecifier = /** @type {string} */ (chain.at(-1));
          if (chain.length === 1 && !request.dynamic) {
            context.report({ loc, messageId: "direct", data: { package: packageSpecifier, place } });
          } else {
            context.report({
              loc,
              messageId: request.dynamic ? "dynamic" : "reaches",
              data: { module: chain[0], package: packageSpecifier, chain: chain.join(" → "), place },
            });
          }
        }
      },
    };
  },
};

/**
 * @typedef {string | { module: string, typeOnly: boolean }} ZoneEntry
 * @typedef {{ importers: string[], except?: string[], forbid?: ZoneEntry[], allow?: ZoneEntry[], message: string }} Zone
 */

/** @param {ZoneEntry} entry */
const entryPattern = (entry) => (typeof entry === "string" ? entry : entry.module);

const zoneEntrySchema = {
  oneOf: [
    { type: "string" },
    {
      type: "object",
      properties: { module: { type: "string" }, typeOnly: { type: "boolean" } },
      required: ["module", "typeOnly"],
      additionalProperties: false,
    },
  ],
};

/** @type {RuleModule} */
const importZones = {
  meta: {
    type: "problem",
    docs: { description: "Forbid imports across the project's folders, by resolved path or package name" },
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          zones: {
            type: "array",
            items: {
              type: "object",
              properties: {
                importers: { type: "array", items: { type: "string" }, minItems: 1 },
                except: { type: "array", items: { type: "string" } },
                forbid: { type: "array", items: zoneEntrySchema },
                allow: { type: "array", items: zoneEntrySchema },
                message: { type: "string" },
              },
              required: ["importers", "message"],
              additionalProperties: false,
            },
          },
        },
        required: ["zones"],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "{{importer}} must not import {{target}}: {{message}}",
    },
  },
  create(context) {
    const { root, zones } = /** @type {{ root?: string, zones: Zone[] }} */ (context.options[0]);
    const cwd = root ?? context.cwd;
    const filename = context.filename;
    const sourceCode = context.sourceCode;
    const importer = repoPath(cwd, filename);
    const active = zones.filter(
      (zone) =>
        zone.importers.some((glob) => matchesGlob(glob, importer)) &&
        !(zone.except ?? []).some((glob) => matchesGlob(glob, importer)),
    );
    if (active.length === 0) return {};
    return {
      Program() {
        for (const request of requestsOfLinted(context)) {
          const names = targetNames(cwd, filename, request.source);
          /** @param {ZoneEntry} entry */
          const matches = (entry) =>
            names.some((name) => matchesGlob(entryPattern(entry), name)) &&
            (typeof entry === "string" || !entry.typeOnly || request.typeOnly);
          for (const zone of active) {
            const forbidden =
              (zone.forbid ?? []).some(matches) || (zone.allow !== undefined && !zone.allow.some(matches));
            if (forbidden) {
              const loc = {
                start: sourceCode.getLocFromIndex(request.start),
                end: sourceCode.getLocFromIndex(request.end),
              };
              context.report({
                loc,
                messageId: "forbidden",
                data: { importer, target: names[0], message: zone.message },
              });
              break;
            }
          }
        }
      },
    };
  },
};

/** The local plugin: `boundaries/no-reaching` and `boundaries/import-zones`. */
const plugin = {
  meta: { name: "boundaries" },
  rules: { "no-reaching": noReaching, "import-zones": importZones },
};

export default plugin;
