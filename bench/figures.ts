import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { connectorSyncProvider } from "../provider";
import { emulatorEnv } from "../support/emulator";
import {
  byValue,
  type Contender,
  command,
  connectorSync,
  naiveProvider,
  noop,
  sameShape,
} from "./contenders";
import {
  contenderStack,
  cpuSeconds,
  median,
  requests,
  targetsOf,
  timed,
  unpaced,
  withEmulator,
} from "./setup";

type Counts = ReturnType<typeof requests>;

/** 1. Graph and token requests for preview, a first up, a no-op up and an up that changes k of N triggers. */
export function economy(n: number, k: number, tenants: number) {
  return withEmulator(tenants, Math.ceil(n / tenants), async (emu) => {
    const rows: Record<string, Record<string, Counts>> = {};
    for (const contender of [connectorSync, command]) {
      const { engine, triggers } = await contenderStack(emu, contender, targetsOf(emu, n));
      const step = async (run: () => Promise<unknown>) => {
        emu.log.clear();
        await run();
        return requests(emu);
      };
      const preview = await step(() => engine.preview());
      const firstUp = await step(() => engine.up());
      const noopUp = await step(() => engine.up());
      for (let i = 0; i < k; i++) triggers.set(i * Math.floor(n / k), 2);
      const kChanged = await step(() => engine.up());
      rows[contender.name] = { preview, firstUp, noopUp, kChanged };
      await engine.remove();
    }
    return { n, k, tenants, rows };
  });
}

/** The steps figure 2 times, in the order it runs them on one stack. */
export const ops = ["preview", "firstUp", "noopUp"] as const;
export type Op = (typeof ops)[number];
/** Each step's wall time, and its CPU: the engine with its plugins, and this process (the emulator and the program). */
type Run = Op | `${Op}EngineCpu` | `${Op}ProgramCpu`;

/** 2. Time of a preview, a first up and a no-op up; contenders interleaved, each rep in a new order. */
export async function timing(sizes: number[], reps: number) {
  const contenders = [connectorSync, noop, sameShape, command];
  // Every (N, rep, contender) in the order they run: per rep, the contenders rotate.
  const runs = sizes.flatMap((n) =>
    Array.from({ length: reps }, (_, rep) =>
      contenders.map((_, i) => ({ n, contender: contenders[(i + rep) % contenders.length] })),
    ).flat(),
  );
  const samples: Record<string, Record<number, Partial<Record<Run, number[]>>>> = {};
  await withEmulator(3, Math.ceil(Math.max(...sizes) / 3), async (emu) => {
    for (const { n, contender } of runs) {
      const { engine } = await contenderStack(emu, contender, targetsOf(emu, n), unpaced);
      const taken: Partial<Record<Run, number>> = {};
      for (const op of ops) {
        const cpu = cpuSeconds();
        [taken[op]] = await timed<unknown>(() => (op === "preview" ? engine.preview() : engine.up()));
        const after = cpuSeconds();
        taken[`${op}EngineCpu`] = after.engine - cpu.engine;
        taken[`${op}ProgramCpu`] = after.bench - cpu.bench;
      }
      await engine.remove();
      emu.log.clear();
      samples[contender.name] ??= {};
      samples[contender.name][n] ??= {};
      const byRun = samples[contender.name][n];
      for (const [run, value] of Object.entries(taken))
        byRun[run as Run] = [...(byRun[run as Run] ?? []), value];
    }
  });
  const medianOf = (byRun: Partial<Record<Run, number[]>>) =>
    Object.fromEntries(Object.entries(byRun).map(([run, values]) => [run, median(values)])) as Record<
      Run,
      number
    >;
  const medians = Object.fromEntries(
    Object.entries(samples).map(([name, byN]) => [
      name,
      Object.fromEntries(Object.entries(byN).map(([n, byRun]) => [n, medianOf(byRun)])),
    ]),
  );
  return { sizes, reps, samples, medians };
}

/** 3. Bytes of `__provider` and of the whole state, per resource, after a first up. */
export function stateSize(n: number) {
  return withEmulator(2, Math.ceil(n / 2), async (emu) => {
    const rows: Record<
      string,
      {
        providerBytes: number;
        stateBytesPerResource: number;
        outputs: string[];
        recorded?: string[];
        error?: string;
      }
    > = {};
    const failed = (error: unknown) => ({
      providerBytes: Number.NaN,
      stateBytesPerResource: Number.NaN,
      outputs: [],
      error: firstError(error),
    });
    for (const contender of [connectorSync, noop, sameShape, command, byValue] as Contender[]) {
      const { engine } = await contenderStack(emu, contender, targetsOf(emu, n));
      try {
        await engine.up();
        const resources = await engine.resources();
        const deployment = await engine.stack.exportStack();
        rows[contender.name] = {
          providerBytes: Math.max(...resources.map((r: any) => Buffer.byteLength(r.outputs.__provider))),
          stateBytesPerResource: Math.round(Buffer.byteLength(JSON.stringify(deployment)) / n),
          // The names a resource's state holds, `__provider` included: the engine handles each.
          outputs: Object.keys(resources[0].outputs).sort(),
          // And within ConnectorSync's record of its syncs, where it keeps what it records.
          recorded: Object.keys(resources[0].outputs.recorded ?? {}).sort(),
        };
      } catch (error) {
        rows[contender.name] = failed(error);
      }
      await engine.remove();
    }
    // Its size even so: what the shim saves.
    const serialized = (provider: object) =>
      pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    rows[byValue.name].providerBytes = Buffer.byteLength((await serialized(connectorSyncProvider)).text);
    // Serialized as pulumi.dynamic.Resource serializes its provider; the engine is not needed to see it fail.
    const naive = "naive provider (axios client and credential captured)";
    rows[naive] = await serialized(naiveProvider(emu.config.tenants[0].tenantId)).then(
      ({ text }) => ({
        providerBytes: Buffer.byteLength(text),
        stateBytesPerResource: Number.NaN,
        outputs: [],
      }),
      failed,
    );
    return { n, rows };
  });
}

interface ColdStart {
  previewMs: number;
  firstSyncMs: number;
  loadedInPreview: string[];
  loadedAfterSync: string[];
}

/** 4. A fresh provider process: its time to a preview's check and diff, and to its first sync; what each loads. */
export function coldStart(reps: number) {
  return withEmulator(2, 1, async (emu) => {
    const env = { ...process.env, ...emulatorEnv(emu), CONNECTOR_ID: emu.config.tenants[0].connectors[0].id };
    const runs: ColdStart[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, "coldstart.js")], {
        env,
      });
      runs.push(JSON.parse(stdout));
    }
    return {
      reps,
      previewMs: median(runs.map((r) => r.previewMs)),
      firstSyncMs: median(runs.map((r) => r.firstSyncMs)),
      loadedInPreview: runs[0].loadedInPreview,
      loadedAfterSync: runs[0].loadedAfterSync,
    };
  });
}

/** The engine's own words from a failed run: why serialization failed, else the first line that says "error". */
function firstError(error: any): string {
  const lines = String(error?.message ?? error)
    .split("\n")
    .map((line) => line.trim());
  const at = lines.findIndex((line) => line.includes("could not be serialized because"));
  if (at >= 0) return `Pulumi cannot serialize it: ${lines[at]} ${lines[at + 1]}`;
  const line = lines.find((l) => /error:/i.test(l) && !/Command failed/.test(l)) ?? lines[0];
  return line.replace(/^.*?(?=\w*Error:|error:)/, "").replace(/^(.+): \1$/, "$1");
}
