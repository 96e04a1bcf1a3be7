// Copies the browser builds the service serves into web/dist/ (committed), so running
// the service needs no Node.js and no CDN: GraphiQL, its explorer plugin and React from
// node_modules (pinned in package-lock.json), our boot script and page beside them.
// Run with `npm ci && npm run build` in web/ after changing a version.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(web, "dist", "graphiql");
const vendored = {
  "react.production.min.js": "react/umd/react.production.min.js",
  "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
  "graphiql.min.js": "graphiql/graphiql.min.js",
  "graphiql.min.css": "graphiql/graphiql.min.css",
  "plugin-explorer.umd.js": "@graphiql/plugin-explorer/dist/index.umd.js",
  "plugin-explorer.css": "@graphiql/plugin-explorer/dist/style.css",
};
const ours = ["boot.js", "graphiql.html"];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, source] of Object.entries(vendored)) {
  const from = join(web, "node_modules", source);
  // Their source maps are not shipped: drop the pointer, or browsers ask for a 404.
  const text = readFileSync(from, "utf8").replace(/\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=[^*\s]+ ?\*\/)\s*$/, "\n");
  writeFileSync(join(out, name), text);
  const pkg = JSON.parse(readFileSync(join(web, "node_modules", source.split("/").slice(0, source.startsWith("@") ? 2 : 1).join("/"), "package.json"), "utf8"));
  manifest[name] = { package: pkg.name, version: pkg.version, license: pkg.license };
}
for (const name of ours) {
  copyFileSync(join(web, "src", "graphiql", name), join(out, name));
}
for (const name of [...Object.keys(vendored), ...ours]) {
  const bytes = readFileSync(join(out, name));
  manifest[name] = { ...(manifest[name] ?? { package: "graph-api" }), sha256: createHash("sha256").update(bytes).digest("hex") };
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${Object.keys(manifest).length} files to ${out}`);
