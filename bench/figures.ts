import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { connectorSyncProvider } from "../provider";
import { byValue, type Contender, command, connectorSync, naiveProvider, noop } from "./contenders";
import { benchEmulator, contenderStack, cpuSeconds, median, requests, targetsOf, timed } from "./setup";

export type Counts = ReturnType<typeof requests>;

/** 1. Graph and token requests for preview, a first up, a no-op up and an up that changes k of N triggers. */
export async function economy(n: number, k: number, tenants: number) {
  const emu = await benchEmulator(tenants, Math.ceil(n / tenants));
  const rows: Record<string, Record<string, Counts>> = {};
  try {
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
      await engine.destroy();
      await engine.remove();
    }
  } finally {
    await emu.stop();
  }
  return { n, k, tenants, rows };
}

/** 2. Time of a preview, a first up and a no-op up; contenders interleaved, each rep in a new order. */
export async function timing(sizes: number[], reps: number) {
  const contenders = [connectorSync, noop, command];
  const emu = await benchEmulator(3, Math.ceil(Math.max(...sizes) / 3));
  type Samples = Record<"preview" | "firstUp" | "noopUp" | "engineCpu" | "benchCpu", number[]>;
  const samples: Record<string, Record<number, Samples>> = {};
  try {
    for (const n of sizes) {
      for (let rep = 0; rep < reps; rep++) {
        const order = contenders.map((_, i) => contenders[(i + rep) % contenders.length]);
        for (const contender of order) {
          const { engine } = await contenderStack(emu, contender, targetsOf(emu, n));
          const [preview] = await timed(() => engine.preview());
          const cpu = cpuSeconds();
          const [firstUp] = await timed(() => engine.up());
          const cpuAfter = cpuSeconds();
          const [noopUp] = await timed(() => engine.up());
          await engine.destroy();
          await engine.remove();
          samples[contender.name] ??= {};
          samples[contender.name][n] ??= {
            preview: [],
            firstUp: [],
            noopUp: [],
            engineCpu: [],
            benchCpu: [],
          };
          const at = samples[contender.name][n];
          at.engineCpu.push(cpuAfter.engine - cpu.engine);
          at.benchCpu.push(cpuAfter.bench - cpu.bench);
          at.preview.push(preview);
          at.firstUp.push(firstUp);
          at.noopUp.push(noopUp);
        }
        emu.log.clear();
      }
    }
  } finally {
    await emu.stop();
  }
  const medians = Object.fromEntries(
    Object.entries(samples).map(([name, byN]) => [
      name,
      Object.fromEntries(
        Object.entries(byN).map(([n, s]) => [
          n,
          Object.fromEntries(Object.entries(s).map(([run, values]) => [run, median(values)])) as Record<
            keyof Samples,
            number
          >,
        ]),
      ),
    ]),
  );
  return { sizes, reps, samples, medians };
}

/** 3. Bytes of `__provider` and of the whole state, per resource, after a first up. */
export async function stateSize(n: number) {
  const emu = await benchEmulator(2, Math.ceil(n / 2));
  const rows: Record<string, { providerBytes: number; stateBytesPerResource: number; error?: string }> = {};
  try {
    for (const contender of [connectorSync, noop, command, byValue] as Contender[]) {
      const { engine } = await contenderStack(emu, contender, targetsOf(emu, n));
      try {
        await engine.up();
        const resources = await engine.resources();
        const deployment = await engine.stack.exportStack();
        rows[contender.name] = {
          providerBytes: Math.max(...resources.map((r: any) => Buffer.byteLength(r.outputs.__provider))),
          stateBytesPerResource: Math.round(Buffer.byteLength(JSON.stringify(deployment)) / n),
        };
        await engine.destroy();
      } catch (error: any) {
        rows[contender.name] = {
          providerBytes: Number.NaN,
          stateBytesPerResource: Number.NaN,
          error: firstError(error),
        };
      }
      await engine.remove();
    }
    // Its size even so: what the shim saves.
    const { text } = await pulumi.runtime.serializeFunction(() => connectorSyncProvider, {
      allowSecrets: true,
    });
    rows[byValue.name].providerBytes = Buffer.byteLength(text);
    // Serialized as pulumi.dynamic.Resource serializes its provider; the engine is not needed to see it fail.
    const naive = "naive provider (axios client and credential captured)";
    const provider = naiveProvider(emu.config.tenants[0].tenantId);
    rows[naive] = await pulumi.runtime
      .serializeFunction(() => provider, { allowSecrets: true })
      .then(
        ({ text }) => ({ providerBytes: Buffer.byteLength(text), stateBytesPerResource: Number.NaN }),
        (error) => ({
          providerBytes: Number.NaN,
          stateBytesPerResource: Number.NaN,
          error: firstError(error),
        }),
      );
  } finally {
    await emu.stop();
  }
  return { n, rows };
}

export interface ColdStart {
  previewMs: number;
  firstSyncMs: number;
  loadedInPreview: string[];
  loadedAfterSync: string[];
}

/** 4. A fresh provider process: its time to a preview's check and diff, and to its first sync; what each loads. */
export async function coldStart(reps: number) {
  const emu = await benchEmulator(2, 1);
  const runs: ColdStart[] = [];
  try {
    const { emulatorEnv } = await import("../test/support/emulator");
    for (let rep = 0; rep < reps; rep++) {
      const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, "coldstart.js")], {
        env: { ...process.env, ...emulatorEnv(emu), CONNECTOR_ID: emu.config.tenants[0].connectors[0].id },
      });
      runs.push(JSON.parse(stdout));
    }
  } finally {
    await emu.stop();
  }
  return {
    reps,
    previewMs: median(runs.map((r) => r.previewMs)),
    firstSyncMs: median(runs.map((r) => r.firstSyncMs)),
    loadedInPreview: runs[0].loadedInPreview,
    loadedAfterSync: runs[0].loadedAfterSync,
  };
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
