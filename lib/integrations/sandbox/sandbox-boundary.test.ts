// Production code never imports the fakes: along the import graph from the production roots (app/,
// inngest/, proxy.ts — outside the sandbox folders and tests), no module imports a sandbox module,
// statically, type-only or with import(); the one door is lib/integrations/sandbox/sandbox-access.ts,
// which itself loads sandbox modules only lazily.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const GATEWAY = "lib/integrations/sandbox/sandbox-access.ts";
const EXTENSIONS = [".ts", ".tsx"];

/** A sandbox module: the framework folder, a provider's sandbox*.ts, and the sandbox UI. */
export function isSandboxModule(file: string): boolean {
  return (
    file.startsWith("lib/integrations/sandbox/") ||
    /^lib\/integrations\/[^/]+\/sandbox[^/]*$/.test(file) ||
    file.startsWith("app/sandbox/") ||
    file.startsWith("app/w/[slug]/sandbox/") ||
    file.startsWith("components/sandbox/")
  );
}

/** Tests and test support: lib/testing/ and the contract suite's fixtures (imported only by contract.integration.test.ts). */
function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith("lib/testing/") || /^lib\/integrations\/(?:[^/]+\/)?contract-fixtures?\.ts$/.test(file);
}

export type ImportRef = { specifier: string; dynamic: boolean };

export function importsOf(source: string): ImportRef[] {
  const out: ImportRef[] = [];
  const staticRe = /(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/g;
  const dynamicRe = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(staticRe)) out.push({ specifier: m[1]!, dynamic: false });
  for (const m of source.matchAll(dynamicRe)) out.push({ specifier: m[1]!, dynamic: true });
  return out;
}

/** Repo-relative path of an import target (extension and /index stripped to match files), or null for packages. */
export function resolveSpecifier(importer: string, specifier: string, exists: (file: string) => boolean): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
  else return null;
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)]) {
    if (exists(candidate)) return candidate;
  }
  return base;
}

export type Violation = { importer: string; target: string };

/** Where production code starts: routes, pages, layouts and actions (app/), jobs (inngest/) and the root modules (proxy, instrumentation). */
export function isProductionRoot(file: string): boolean {
  return (file.startsWith("app/") || file.startsWith("inngest/") || !file.includes("/")) && !isTestFile(file) && !isSandboxModule(file);
}

/**
 * Walk the import graph (static and dynamic imports) from the production roots through every
 * non-sandbox module; an edge into a sandbox module is a violation unless it is the door
 * (sandbox-access.ts), which itself may only import sandbox modules lazily. Modules only tests reach
 * (fixtures, helpers) are not production code.
 */
export function findViolations(files: ReadonlyMap<string, string>): Violation[] {
  const exists = (f: string) => files.has(f);
  const out: Violation[] = [];
  const seen = new Set<string>();
  const queue = [...files.keys()].filter(isProductionRoot);
  let gatewayReached = false;
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const ref of importsOf(files.get(file) ?? "")) {
      const target = resolveSpecifier(file, ref.specifier, exists);
      if (!target || !files.has(target)) continue;
      if (target === GATEWAY) {
        gatewayReached = true;
        continue;
      }
      if (isSandboxModule(target)) out.push({ importer: file, target });
      else if (!isTestFile(target)) queue.push(target);
    }
  }
  // The door itself: only lazy imports of sandbox modules, after its sandboxEnabled() check.
  if (gatewayReached || files.has(GATEWAY)) {
    for (const ref of importsOf(files.get(GATEWAY) ?? "")) {
      const target = resolveSpecifier(GATEWAY, ref.specifier, exists);
      if (target && !ref.dynamic && isSandboxModule(target)) out.push({ importer: GATEWAY, target });
    }
  }
  return out;
}

function walk(dir: string, into: Map<string, string>): void {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (rel === "lib/generated" || name === "node_modules") continue;
    const st = statSync(path.join(ROOT, rel));
    if (st.isDirectory()) walk(rel, into);
    else if (EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith(".d.ts")) into.set(rel, readFileSync(path.join(ROOT, rel), "utf8"));
  }
}

describe("sandbox import boundary", () => {
  it("finds a production import of a sandbox module (static, type-only or dynamic)", () => {
    const files = new Map([
      ["app/w/page.tsx", 'import { providers } from "@/lib/integrations/registry";\nimport { x } from "@/lib/connections/oauth-client";\nimport { Panel } from "../../components/sandbox/panel";'],
      ["lib/integrations/registry.ts", 'import { hubspot } from "./hubspot/definition";'],
      ["lib/integrations/hubspot/definition.ts", 'import type { T } from "@/lib/integrations/types";\nconst load = () => import("@/lib/integrations/hubspot/sandbox");'],
      ["lib/integrations/types.ts", 'import type { ProviderSandbox } from "@/lib/integrations/sandbox/sandbox-types";'],
      ["lib/connections/oauth-client.ts", 'import { sandboxOAuthClient } from "@/lib/integrations/sandbox/sandbox-access";'],
      ["components/sandbox/panel.tsx", 'import { x } from "@/lib/integrations/sandbox/panel";'],
      ["app/w/[slug]/sandbox/page.tsx", 'import { x } from "@/lib/integrations/sandbox/panel";'],
      ["lib/integrations/hubspot/hubspot.integration.test.ts", 'import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";'],
      ["lib/integrations/hubspot/contract-fixture.ts", 'import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";'],
      [GATEWAY, 'import { getSandbox } from "@/lib/integrations/sandbox/registry";\nconst ok = () => import("@/lib/integrations/sandbox/seed");'],
      ["lib/integrations/hubspot/sandbox.ts", ""],
      ["lib/integrations/sandbox/sandbox-types.ts", ""],
      ["lib/integrations/sandbox/registry.ts", ""],
      ["lib/integrations/sandbox/seed.ts", ""],
      ["lib/integrations/sandbox/panel.ts", ""],
    ]);
    expect(findViolations(files).sort((a, b) => a.importer.localeCompare(b.importer))).toEqual([
      { importer: "app/w/page.tsx", target: "components/sandbox/panel.tsx" },
      { importer: "lib/integrations/hubspot/definition.ts", target: "lib/integrations/hubspot/sandbox.ts" },
      { importer: GATEWAY, target: "lib/integrations/sandbox/registry.ts" },
      { importer: "lib/integrations/types.ts", target: "lib/integrations/sandbox/sandbox-types.ts" },
    ]);
  });

  it("no production module of app/, lib/, inngest/, components/ imports a sandbox module", () => {
    const files = new Map<string, string>();
    for (const dir of ["app", "lib", "inngest", "components"]) walk(dir, files);
    for (const name of readdirSync(ROOT)) if (/^[a-z-]+\.ts$/.test(name) && !name.endsWith(".config.ts")) files.set(name, readFileSync(path.join(ROOT, name), "utf8"));
    expect(files.has("lib/integrations/types.ts")).toBe(true);
    expect(files.has(GATEWAY)).toBe(true);
    expect([...files.keys()].filter(isProductionRoot).length).toBeGreaterThan(20);
    expect(findViolations(files)).toEqual([]);
  });
});
