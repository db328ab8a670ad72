// preinstall: stop an install on a Node.js older than package.json's engines, with the way out (npm would only warn,
// and this project's .npmrc silences warnings). Written for any old Node: no newer syntax than ES2017.
import fs from "node:fs";

const engines = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node;
const required = Number(/^>=\s*(\d+)/.exec(engines)[1]);
const major = Number(process.versions.node.split(".")[0]);
if (major < required) {
  console.error(`This project needs Node.js ${required} or newer (engines: "${engines}"); this is ${process.version}.`);
  console.error(
    'Install the project\'s own into .runtime/node and use it in this shell: eval "$(scripts/install-node.sh)"',
  );
  process.exit(1);
}
