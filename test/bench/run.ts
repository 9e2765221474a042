/** `npm run bench`: runs every benchmark in this folder, one after another, each in its own process. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts") && (!only || file.includes(only)))
  .sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n── ${bench} ──`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, bench)], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
