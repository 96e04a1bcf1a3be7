// Builds the analyst explorer (web/src/explorer) into web/dist/explorer/ (committed),
// so running the service needs no Node.js: one minified esbuild bundle (app.js, with
// Cytoscape.js inside, never a CDN), the page and its styles, and manifest.json with
// the sha256 of each file and of the sources, so a Python test can tell when the
// bundle is stale. Run with `npm ci && npm run build` in web/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(web, "src", "explorer");
const out = join(web, "dist", "explorer");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** Every file under dir, as paths relative to it with '/' separators. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path).map((p) => `${name}/${p}`) : [name];
  });
}

// The sources' hash: sha256 of "<sha256 of file>  <path>\n" for every file of
// src/explorer sorted by path (what `sha256sum` prints), mirrored by the Python test.
const sources = sha256(
  walk(src)
    .sort()
    .map((path) => `${sha256(readFileSync(join(src, ...path.split("/"))))}  ${path}\n`)
    .join(""),
);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(src, "main.ts")],
  outfile: join(out, "app.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  sourcemap: false,
  legalComments: "eof",
  logLevel: "warning",
  tsconfig: join(src, "tsconfig.json"),
});
copyFileSync(join(src, "index.html"), join(out, "index.html"));
copyFileSync(join(src, "app.css"), join(out, "app.css"));

const cytoscape = JSON.parse(readFileSync(join(web, "node_modules", "cytoscape", "package.json"), "utf8"));
const manifest = { sources };
for (const name of ["index.html", "app.js", "app.css"]) {
  manifest[name] = {
    package: "graph-api",
    ...(name === "app.js" ? { bundles: [{ package: cytoscape.name, version: cytoscape.version, license: cytoscape.license }] } : {}),
    sha256: sha256(readFileSync(join(out, name))),
  };
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${Object.keys(manifest).length - 1} files to ${relative(web, out).split(sep).join("/")}`);
