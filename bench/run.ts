// Runs every figure of a plan, in order, with a progress line before each.
import { coldStart, economy, stateSize, timing } from "./figures";
import { limitCases } from "./limits";
import { type Mode, plans } from "./plan";
import { profile } from "./profile";
import { faults, interruption, scale } from "./resilience";

export const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

export async function runBench(mode: Mode) {
  const plan = plans[mode];
  say(`${mode} run: 1/9 Graph economy`);
  const economyFigures = await economy(plan.economy.n, plan.economy.k, plan.economy.tenants);
  say(`2/9 time against N = ${plan.timing.sizes.join(", ")}, ${plan.timing.reps} rep(s)`);
  const timingFigures = await timing(plan.timing.sizes, plan.timing.reps);
  say("3/9 state size");
  const stateFigures = await stateSize(plan.state.n);
  say("4/9 cold start");
  const coldStartFigures = await coldStart(plan.coldStart.reps);
  say(`5/9 scale: ${plan.scale.n} resources over ${plan.scale.tenants} tenants, throttled`);
  const scaleFigures = await scale(plan.scale.n, plan.scale.tenants, plan.scale.throttle);
  say(`6/9 faults: ${plan.faults.rate * 100}% of syncs fail`);
  const faultFigures = await faults(plan.faults.n, plan.faults.rate);
  say(`7/9 interruption of an up of ${plan.interruption.n}`);
  const interruptionFigures = await interruption(plan.interruption.n);
  say(`8/9 where the CPU of a preview, a first up and a no-op up of ${plan.profile.n} goes`);
  const profileFigures = await profile(plan.profile.n);
  say(`9/9 what users meet: ${plan.limits.map((c) => c.name).join("; ")}`);
  const limitFigures = await limitCases(plan.limits);
  return {
    mode,
    economy: economyFigures,
    timing: timingFigures,
    state: stateFigures,
    coldStart: coldStartFigures,
    scale: scaleFigures,
    faults: faultFigures,
    interruption: interruptionFigures,
    profile: profileFigures,
    limits: limitFigures,
  };
}

export type BenchResults = Awaited<ReturnType<typeof runBench>>;
