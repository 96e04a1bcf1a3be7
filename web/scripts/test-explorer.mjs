// Unit tests of the explorer's own logic (web/test/explorer/*.test.ts) on Node's built-in
// test runner: each test file is bundled with esbuild (TypeScript, the page's modules it
// imports) into a temporary folder, then `node --test` runs them. No browser, no server.
// Run with `npm run test:explorer`; tests/test_explorer_unit.py runs it in the suite.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const tests = join(web, "test", "explorer");
const files = readdirSync(tests).filter((name) => name.endsWith(".test.ts")).sort();
const out = mkdtempSync(join(tmpdir(), "explorer-tests-"));
try {
  await build({
    entryPoints: files.map((name) => join(tests, name)),
    bundle: true,
    platform: "node",
    format: "esm",
    outdir: out,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  const outputs = files.map((name) => join(out, name.replace(/\.ts$/, ".mjs")));
  const run = spawnSync(process.execPath, ["--test", ...outputs], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
