import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run screenshots`: the same server and browser as e2e, only the screenshot script.
export default defineConfig({ ...base, testDir: "e2e/screenshots", testMatch: "**/*.shots.ts" });
