import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import inngestPlugin from "@inngest/eslint-plugin";

const config = [
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", ".data/**", ".data-*/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-expect-error": "allow-with-description", "ts-ignore": true, "ts-nocheck": true }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts, the only reader of process.env." },
      ],
    },
  },
  {
    // Inngest's own lint rules for function code: await inngest.send, no steps nested in steps, no
    // mutation of outer variables inside a step (it would not survive memoized replay).
    files: ["inngest/**/*.ts", "bench/**/*.ts"],
    plugins: { "@inngest": inngestPlugin },
    rules: { ...inngestPlugin.configs.recommended.rules, "@inngest/await-inngest-send": "error" },
  },
  {
    // Outside the app: configs, scripts, tests' harness and the env module itself read process.env.
    files: ["lib/env.ts", "scripts/**", "e2e/**", "*.config.ts", "*.config.mjs", "instrumentation.ts", "lib/testing/**", "lib/*/testing/**", "bench/**", "**/*.test.ts", "**/*.integration.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
