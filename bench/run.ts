// Runs every figure of a plan, in order, with a progress line before each.
import { coldStart, economy, stateSize, timing } from "./figures";
import { type Mode, plans } from "./plan";
import { faults, interruption, scale } from "./resilience";

export const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

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
