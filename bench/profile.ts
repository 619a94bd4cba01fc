// Figure 8: where the CPU of a preview, a first up and a no-op up goes. The dynamic provider, the
// Node.js process the engine starts, runs with --cpu-prof; its samples are
// summed by what code they were in. The engine's
// and the emulator's CPU come from /proc, as in figure 2.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorEnv } from "../support/emulator";
import { EngineStack } from "../support/engine";
import { type Contender, connectorSync, noop, type Triggers } from "./contenders";
import { type Op, ops } from "./figures";
import { cpuSeconds, targetsOf, unpaced, withEmulator } from "./setup";

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a sample's code is, from its script's path: ours, a library's, the SDK's, or Node's own. */
const categories: [string, (url: string, fn: string) => boolean][] = [
  ["ConnectorSync's provider", (url) => url.includes("/dist/provider/")],
  ["axios", (url) => url.includes("/node_modules/axios/")],
  ["@azure/identity and MSAL", (url) => /\/node_modules\/@azure\//.test(url)],
  ["Pulumi SDK and gRPC", (url) => /\/node_modules\/(@pulumi|@grpc|google-protobuf|protobufjs)\//.test(url)],
  ["other libraries", (url) => url.includes("/node_modules/")],
  ["garbage collection", (_, fn) => fn === "(garbage collector)"],
  ["idle", (_, fn) => fn === "(idle)" || fn === "(program)"],
  ["Node.js (TLS, HTTP, module loading)", () => true],
];

/** Milliseconds of samples per category, in one profile. */
function summarize(profile: CpuProfile): Record<string, number> {
  const category = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    category.set(id, categories.find(([, test]) => test(callFrame.url, callFrame.functionName))![0]);
  }
  const ms: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const name = category.get(id)!;
    ms[name] = (ms[name] ?? 0) + profile.timeDeltas[i] / 1000;
  });
  return ms;
}

/** The provider's profile holds the dynamic-provider plugin's frames; the program's does not. */
const isProvider = (profile: CpuProfile) =>
  profile.nodes.some((node) => node.callFrame.url.includes("cmd/dynamic-provider"));

/** Every provider profile the engine's processes wrote into `dir` so far, summed by category; the files are then removed. */
function collect(dir: string) {
  const files = readdirSync(dir);
  const profiles = files.map((file) => JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile);
  for (const file of files) rmSync(join(dir, file));
  const provider = profiles.filter(isProvider).map(summarize);
  const providerMs: Record<string, number> = {};
  for (const row of provider)
    for (const [name, ms] of Object.entries(row)) providerMs[name] = (providerMs[name] ?? 0) + ms;
  return { providerProcesses: provider.length, providerMs };
}

/** A preview, a first up and a no-op up of N resources, each profiled on its own. */
async function profileSteps(contender: Contender, n: number) {
  return withEmulator(2, Math.ceil(n / 2), async (emu) => {
    const dir = mkdtempSync(join(tmpdir(), "connector-sync-profile-"));
    try {
      const env = {
        ...emulatorEnv(emu),
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --require ${join(__dirname, "exit-on-signal.js")}`,
      };
      const engine = await EngineStack.create(
        contender.program(targetsOf(emu, n), new Map() as Triggers),
        env,
      );
      await engine.stack.setAllConfig({
        "connectorSync:syncRate": { value: unpaced["connectorSync:syncRate"] },
      });
      const steps: Partial<Record<Op, StepProfile>> = {};
      for (const op of ops) {
        const before = cpuSeconds();
        await (op === "preview" ? engine.preview() : engine.up());
        const after = cpuSeconds();
        // The CLI waits for its plugins to exit, and a provider writes its profile as it exits.
        steps[op] = {
          engineAndPluginsCpu: after.engine - before.engine,
          emulatorAndProgramCpu: after.bench - before.bench,
          ...collect(dir),
        };
      }
      await engine.remove();
      return steps as Record<Op, StepProfile>;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export interface StepProfile {
  engineAndPluginsCpu: number;
  emulatorAndProgramCpu: number;
  providerProcesses: number;
  providerMs: Record<string, number>;
}

/** 8. A preview, a first up and a no-op up of N resources profiled, for ConnectorSync and the no-op floor. */
export async function profile(n: number) {
  return {
    n,
    ConnectorSync: await profileSteps(connectorSync, n),
    floor: await profileSteps(noop, n),
    categories: categories.map(([name]) => name),
  };
}
