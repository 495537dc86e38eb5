import { existsSync, readFileSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { artifactDir } from "./browser.ts";

/** The WCAG 2.0/2.1 A and AA rules, plus axe's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

type Impact = "critical" | "serious" | "moderate" | "minor";
const IMPACTS: Impact[] = ["critical", "serious", "moderate", "minor"];
export type AxeCounts = Record<Impact, number>;

/** Where each state's counts go, so a person can compare runs (test-results/ is a git-ignored artifact). */
const countsFile = () => `${artifactDir()}axe-counts.json`;

/** Adds one state's counts, and each rule's elements, to test-results/axe-counts.json (keyed by state, newest run wins). */
function recordCounts(stateName: string, counts: AxeCounts, ids: Record<string, string[]>): void {
  const file = countsFile();
  let all: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      all = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      all = {};
    }
  }
  all[stateName] = { ...counts, rules: ids };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/**
 * Runs axe on the page as it is now and fails the test (softly: it goes on), listing each serious or critical violation (rule, impact, the
 * elements' selectors and axe's summary), when there is one. Every impact's count is recorded for `stateName`.
 */
export async function expectNoSeriousViolations(page: Page, stateName: string): Promise<AxeCounts> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const counts: AxeCounts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const ids: Record<string, string[]> = {};
  const serious: string[] = [];
  for (const violation of results.violations) {
    const impact = (violation.impact ?? "minor") as Impact;
    counts[IMPACTS.includes(impact) ? impact : "minor"] += violation.nodes.length;
    ids[`${violation.id} (${impact})`] = violation.nodes.map((node) => node.target.join(" "));
    if (impact !== "serious" && impact !== "critical") continue;
    for (const node of violation.nodes) {
      const summary = (node.failureSummary ?? violation.help).replace(/\s+/g, " ").trim();
      serious.push(`${violation.id} [${impact}] ${node.target.join(" ")}: ${summary}`);
    }
  }
  recordCounts(stateName, counts, ids);
  console.log(`axe, ${stateName}: ${JSON.stringify(counts)}`);
  // soft: the test goes on through its later states, and fails at its end with every state's list
  expect.soft(serious, `serious/critical axe violations in "${stateName}"`).toEqual([]);
  return counts;
}
