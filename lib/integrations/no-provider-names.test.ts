// Shared code names no provider: a provider's specifics live in lib/integrations/<slug>/ and reach the
// rest of the product only through the definition's hooks and data. This test reads every source file
// outside the provider folders and the registries, strips comments, and fails on a provider slug.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { providers } from "@/lib/integrations/registry";

const root = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["lib", "app", "components", "inngest"];
/** The files allowed to list providers: the registries (definitions, sandboxes, contract fixtures). */
const REGISTRIES = new Set(["lib/integrations/registry.ts", "lib/integrations/sandbox/registry.ts", "lib/integrations/contract-fixtures.ts"]);
const providerFolders = new Set(providers.map((p) => `lib/integrations/${p.slug}/`));
/**
 * Known exceptions, each with its reason and who removes it. Keep this list short: an entry here is a
 * missing hook in the contract.
 */
const KNOWN: Readonly<Record<string, string>> = {
  "components/integrations/catalog-filters.tsx": "display text only: a search placeholder example",
  // UI (issue 10) + Custom REST conversion: the template builder should come from a definition hook
  // (e.g. `connectForm: "template-builder"` and a `testEndpoint` hook) instead of the slug and folder imports.
  "app/w/[slug]/integrations/[provider]/page.tsx": "Custom REST template builder chosen by slug (to move behind a definition hook)",
  "app/w/[slug]/integrations/actions.ts": "Custom REST endpoint test imported from its folder (to move behind a definition hook)",
  "components/integrations/custom-rest-builder.tsx": "Custom REST template builder (to move behind a definition hook)",
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(name)) out.push(rel);
  }
  return out;
}

/** Tests and test support (lib/testing/, *-test-*.ts, test-*.ts) may name providers: they run them. */
function isTestSupport(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith("lib/testing/") || /(^|[-/])test-[^/]*\.tsx?$|-test-[^/]*\.tsx?$/.test(file);
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\w])\/\/.*$/gm, "$1");
}

/** A slug as code would name it: an identifier part or a string / path segment. Plain English words ("loops") only quoted or in a path. */
function slugPattern(slug: string): RegExp {
  const s = slug.replace(/-/g, "[-_]?");
  return /^[a-z]+$/.test(slug) && ["loops"].includes(slug)
    ? new RegExp(`["'\`/]${s}["'\`/]`, "i")
    : new RegExp(`(?<![a-z0-9])${s}(?![a-z0-9])`, "i");
}

export function providerNamesIn(file: string, src: string, slugs: readonly string[]): string[] {
  if (REGISTRIES.has(file) || file in KNOWN || [...providerFolders].some((f) => file.startsWith(f)) || isTestSupport(file)) return [];
  const code = stripComments(src);
  return slugs.filter((slug) => slugPattern(slug).test(code));
}

describe("shared code names no provider", () => {
  const slugs = providers.map((p) => p.slug);

  it("finds a slug when one is there (the check itself works)", () => {
    expect(providerNamesIn("lib/http/x.ts", 'if (slug === "hubspot") parse();', slugs)).toEqual(["hubspot"]);
    expect(providerNamesIn("lib/http/x.ts", "const url = `/sandbox/loops/v1`;", slugs)).toEqual(["loops"]);
    expect(providerNamesIn("lib/http/x.ts", "// HubSpot does this\nfor (const x of loops) run(x);", slugs)).toEqual([]);
    expect(providerNamesIn("lib/integrations/hubspot/client.ts", '"hubspot"', slugs)).toEqual([]);
  });

  it("in lib/ (outside provider folders and registries), app/, components/ and inngest/", () => {
    const offenders: string[] = [];
    for (const dir of SCANNED) {
      for (const file of sourceFiles(dir)) {
        const found = providerNamesIn(file, readFileSync(path.join(root, file), "utf8"), slugs);
        if (found.length) offenders.push(`${file}: ${found.join(", ")}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
