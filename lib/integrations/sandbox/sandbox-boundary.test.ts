// Production code never imports the fakes: no module of app/, lib/, inngest/ or components/ (outside
// the sandbox folders and tests) imports a sandbox module, statically or with import(); the one door is
// lib/integrations/sandbox/sandbox-access.ts, which itself loads sandbox modules only lazily.
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

export function findViolations(files: ReadonlyMap<string, string>): Violation[] {
  const exists = (f: string) => files.has(f);
  const out: Violation[] = [];
  for (const [file, source] of files) {
    if (isTestFile(file)) continue;
    const imports = importsOf(source);
    if (file === GATEWAY) {
      // The door itself: only lazy imports of sandbox modules, after its sandboxEnabled() check.
      for (const ref of imports) {
        const target = resolveSpecifier(file, ref.specifier, exists);
        if (target && !ref.dynamic && isSandboxModule(target)) out.push({ importer: file, target });
      }
      continue;
    }
    if (isSandboxModule(file)) continue;
    for (const ref of imports) {
      const target = resolveSpecifier(file, ref.specifier, exists);
      if (target && target !== GATEWAY && isSandboxModule(target)) out.push({ importer: file, target });
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
      ["lib/integrations/types.ts", 'import type { ProviderSandbox } from "@/lib/integrations/sandbox/sandbox-types";'],
      ["lib/integrations/hubspot/definition.ts", 'const load = () => import("@/lib/integrations/hubspot/sandbox");'],
      ["lib/connections/oauth-client.ts", 'import { sandboxOAuthClient } from "@/lib/integrations/sandbox/sandbox-access";'],
      ["app/page.tsx", 'import { Panel } from "../components/sandbox/panel";'],
      ["components/sandbox/panel.tsx", 'import { x } from "@/lib/integrations/sandbox/panel";'],
      ["lib/integrations/hubspot/hubspot.integration.test.ts", 'import { hubspotSandbox } from "@/lib/integrations/hubspot/sandbox";'],
      [GATEWAY, 'import { getSandbox } from "@/lib/integrations/sandbox/registry";\nconst ok = () => import("@/lib/integrations/sandbox/seed");'],
      ["lib/integrations/hubspot/sandbox.ts", ""],
      ["lib/integrations/sandbox/sandbox-types.ts", ""],
      ["lib/integrations/sandbox/registry.ts", ""],
      ["lib/integrations/sandbox/seed.ts", ""],
      ["components/sandbox/panel.tsx", ""],
    ]);
    expect(findViolations(files)).toEqual([
      { importer: "lib/integrations/types.ts", target: "lib/integrations/sandbox/sandbox-types.ts" },
      { importer: "lib/integrations/hubspot/definition.ts", target: "lib/integrations/hubspot/sandbox.ts" },
      { importer: "app/page.tsx", target: "components/sandbox/panel.tsx" },
      { importer: GATEWAY, target: "lib/integrations/sandbox/registry.ts" },
    ]);
  });

  it("no production module of app/, lib/, inngest/, components/ imports a sandbox module", () => {
    const files = new Map<string, string>();
    for (const dir of ["app", "lib", "inngest", "components"]) walk(dir, files);
    expect(files.has("lib/integrations/types.ts")).toBe(true);
    expect(files.has(GATEWAY)).toBe(true);
    expect(findViolations(files)).toEqual([]);
  });
});
