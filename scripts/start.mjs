#!/usr/bin/env node
// `npm start`: build when there is no build or the sources are newer than it, then `next start`.
// The server itself creates .data/, generates local secrets and migrates the database on start-up.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    max = Math.max(max, newestMtime(path.join(p, e.name)));
  }
  return max;
}

const inputs = ["app", "components", "lib", "inngest", "prisma", "public", "instrumentation.ts", "next.config.mjs", "package.json", "postcss.config.mjs"];
// A build is current when it is newer than every source file (`npm run build` counts too).
const newestSource = Math.max(...inputs.map((i) => newestMtime(path.join(root, i))));
const built = existsSync(buildId) && statSync(buildId).mtimeMs >= newestSource;

if (!built) {
  console.log("[switchboard] building the app (first start, or the sources changed)…");
  const t = Date.now();
  const res = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) {
    console.error("[switchboard] the build failed; see the output above.");
    process.exit(res.status ?? 1);
  }
  console.log(`[switchboard] built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const port = process.env.PORT ?? "3000";
const child = spawn(process.execPath, [next, "start", "-p", port, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
