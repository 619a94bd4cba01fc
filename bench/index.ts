// `npm run bench` (full) or `npm run bench -- --quick`: every figure of
// BENCHMARKS.md, against the emulator, with the real Pulumi engine on a file
// backend. The full run writes BENCHMARKS.md and bench/results/; the quick
// one (run by `npm test`, which asserts its counts and sizes) writes .bench/.
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { coldStart, economy, stateSize, timing } from "./figures";
import { writeReport } from "./report";
import { faults, interruption, scale } from "./resilience";

export type Mode = "quick" | "full";

export const plans = {
  quick: {
    economy: { n: 10, k: 3, tenants: 2 },
    timing: { sizes: [10], reps: 1 },
    state: { n: 5 },
    coldStart: { reps: 1 },
    // Tight enough that the bucket must answer 429 however fast the engine is: 10 syncs per tenant, 2 at once, 1/s.
    scale: { n: 40, tenants: 4, throttle: { capacity: 2, refillPerSecond: 1 } },
    faults: { n: 20, rate: 0.1 },
    interruption: { n: 20 },
  },
  full: {
    economy: { n: 100, k: 10, tenants: 5 },
    timing: { sizes: [10, 100, 300], reps: 5 },
    state: { n: 100 },
    coldStart: { reps: 5 },
    // Slow enough that the bucket, not the engine, sets the pace: each tenant's 25 syncs need 92 s.
    scale: { n: 500, tenants: 20, throttle: { capacity: 2, refillPerSecond: 0.25 } },
    faults: { n: 100, rate: 0.1 },
    interruption: { n: 200 },
  },
};

const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

export async function runBench(mode: Mode) {
  const plan = plans[mode];
  say(`${mode} run: 1/7 Graph economy`);
  const economyFigures = await economy(plan.economy.n, plan.economy.k, plan.economy.tenants);
  say(`2/7 time against N = ${plan.timing.sizes.join(", ")}, ${plan.timing.reps} rep(s)`);
  const timingFigures = await timing(plan.timing.sizes, plan.timing.reps);
  say("3/7 state size");
  const stateFigures = await stateSize(plan.state.n);
  say("4/7 cold start");
  const coldStartFigures = await coldStart(plan.coldStart.reps);
  say(`5/7 scale: ${plan.scale.n} resources over ${plan.scale.tenants} tenants, throttled`);
  const scaleFigures = await scale(plan.scale.n, plan.scale.tenants, plan.scale.throttle);
  say(`6/7 faults: ${plan.faults.rate * 100}% of syncs fail`);
  const faultFigures = await faults(plan.faults.n, plan.faults.rate);
  say(`7/7 interruption of an up of ${plan.interruption.n}`);
  const interruptionFigures = await interruption(plan.interruption.n);
  return {
    mode,
    economy: economyFigures,
    timing: timingFigures,
    state: stateFigures,
    coldStart: coldStartFigures,
    scale: scaleFigures,
    faults: faultFigures,
    interruption: interruptionFigures,
  };
}

export type BenchResults = Awaited<ReturnType<typeof runBench>>;

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
