// `npm run bench` (full) or `npm run bench -- --quick`: every figure of
// BENCHMARKS.md, against the emulator, with the real Pulumi engine on a file
// backend. The full run writes BENCHMARKS.md and bench/results/; the quick
// one (run by `npm test`, which asserts its counts and sizes) writes .bench/.
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Mode } from "./plan";
import { writeReport } from "./report";
import { runBench, say } from "./run";

export { type Mode, plans } from "./plan";
export { type BenchResults, runBench } from "./run";

const root = resolve(__dirname, "../..");
export const outputDir = (mode: Mode) => (mode === "full" ? root : join(root, ".bench"));

async function main() {
  const mode: Mode = process.argv.includes("--quick") ? "quick" : "full";
  const dir = outputDir(mode);
  mkdirSync(dir, { recursive: true });
  // --report: write the report again from the raw figures of the last run, without running anything.
  if (process.argv.includes("--report")) {
    const last = JSON.parse(
      readFileSync(join(dir, mode === "full" ? "bench/results" : "", "benchmarks.json"), "utf8"),
    );
    say(`wrote ${writeReport(last, dir, last.elapsedMs).join(", ")}`);
    return;
  }
  const started = Date.now();
  const results = await runBench(mode);
  const written = writeReport(results, dir, Date.now() - started);
  say(`wrote ${written.join(", ")}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
