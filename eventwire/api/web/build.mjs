// Copies the page's pinned data packages from node_modules/ into ../static/build/ (not committed).
// No bundler: the page's own code is plain ES modules in ../static/; these are the only third-party files.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "build");
const modules = join(here, "node_modules");

// [package, file in the package, name in build/]
const FILES = [
  ["world-atlas", "countries-50m.json", "world.json"], // Natural Earth 1:50m country outlines (TopoJSON)
  ["world-atlas", "LICENSE", "licenses/world-atlas.txt"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client", "LICENSE", "licenses/topojson-client.txt"],
  ["swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"], // the /docs page
  ["swagger-ui-dist", "swagger-ui.css", "swagger-ui/swagger-ui.css"],
  ["swagger-ui-dist", "LICENSE", "licenses/swagger-ui-dist.txt"],
];

rmSync(out, { recursive: true, force: true });
const versions = {};
for (const [pkg, file, name] of FILES) {
  const target = join(out, name);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(modules, pkg, file), target);
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
writeFileSync(join(out, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`eventwire web: ${FILES.length} files from ${Object.keys(versions).length} packages in ${out}`);
