import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type Emulator, startEmulator } from "../emulator";
import { defaultConfig } from "../emulator/config";
import { emulatorEnv } from "../support/emulator";
import { EngineStack } from "../support/engine";
import type { Contender, Target, Triggers } from "./contenders";

/** An emulator with `tenants` tenants of `perTenant` connectors each, the default writer app granted in all. */
async function benchEmulator(
  tenants: number,
  perTenant: number,
  overrides: Record<string, unknown>,
): Promise<Emulator> {
  const config = defaultConfig();
  const [writer] = config.apps;
  const template = config.tenants[0].connectors[0];
  config.tenants = Array.from({ length: tenants }, (_, t) => {
    const tenantId = `00000000-0000-4000-8000-${String(t + 1).padStart(12, "0")}`;
    const connectors = Array.from({ length: perTenant }, (_, c) => ({
      ...template,
      id: `t${t + 1}-connector-${c + 1}`,
    }));
    return { tenantId, connectors };
  });
  writer.roles = Object.fromEntries(
    config.tenants.map((t) => [t.tenantId, ["DeviceManagementServiceConfig.ReadWrite.All"]]),
  );
  config.apps = [writer, config.apps[1]];
  // Room for the largest figure's requests ten times over: a count is only whole while none is dropped.
  return startEmulator({ config: { ...config, syncCompletionMs: 0, ...overrides }, logEntries: 100_000 });
}

/** The log, once it is known to hold every request since it was cleared. */
function wholeLog(emu: Emulator) {
  if (emu.log.dropped > 0) {
    throw new Error(`The emulator's log dropped ${emu.log.dropped} requests: its counts would be short.`);
  }
  return emu.log;
}

/** Runs `body` against a fresh bench emulator, and stops it after, whatever happens. */
export async function withEmulator<T>(
  tenants: number,
  perTenant: number,
  body: (emu: Emulator) => Promise<T>,
  overrides: Record<string, unknown> = {},
): Promise<T> {
  const emu = await benchEmulator(tenants, perTenant, overrides);
  try {
    return await body(emu);
  } finally {
    await emu.stop();
  }
}

/** The first n connectors, taken tenant by tenant in turn, so resources spread over every tenant. */
export function targetsOf(emu: Emulator, n: number): Target[] {
  const { tenants } = emu.config;
  return Array.from({ length: n }, (_, i) => {
    const tenant = tenants[i % tenants.length];
    return { tenantId: tenant.tenantId, connectorId: tenant.connectors[Math.floor(i / tenants.length)].id };
  });
}

/**
 * On loopback, with no write limit to keep under, the figures that time the
 * engine and the provider lift ConnectorSync's own sync rate; figure 9 keeps it.
 */
export const unpaced = { "connectorSync:syncRate": "99999/1s" };

/** A stack running this contender's program, whose triggers the caller may change between runs. */
export async function contenderStack(
  emu: Emulator,
  contender: Contender,
  targets: Target[],
  config: Record<string, string> = {},
) {
  const triggers: Triggers = new Map();
  const engine = await EngineStack.create(contender.program(targets, triggers), emulatorEnv(emu));
  const entries = Object.entries(config).map(([key, value]) => [key, { value }]);
  if (entries.length > 0) await engine.stack.setAllConfig(Object.fromEntries(entries));
  return { engine, triggers };
}

/** Graph and token requests since the log was last cleared. */
export function requests(emu: Emulator) {
  const log = wholeLog(emu);
  const graph = log.entries().filter((e) => ["sync", "getConnector", "listConnectors"].includes(e.route));
  return {
    token: log.count({ route: "token" }),
    graph: graph.length,
    posts: log.count({ route: "sync", method: "POST" }),
    effective: log.count({ route: "sync", status: 204 }),
  };
}

/** How many 204s each connector got: a connector synced twice shows up as 2. */
export function syncsPerConnector(emu: Emulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of wholeLog(emu).entries({ route: "sync", status: 204 })) {
    const key = `${entry.tenantId}/${entry.connectorId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export async function timed<T>(body: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await body();
  return [performance.now() - started, result];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

let ticksPerSecond: number | undefined;

/**
 * CPU seconds so far of this process (the emulator and the inline program) and
 * of its finished children (the Pulumi CLI with its plugins: the engine and the
 * provider), from /proc; Linux only.
 */
export function cpuSeconds(): { bench: number; engine: number } {
  const { user, system } = process.cpuUsage();
  // Fields 16 and 17 of /proc/self/stat (cutime, cstime), counted from the state, field 3.
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  return { bench: (user + system) / 1e6, engine: (Number(fields[13]) + Number(fields[14])) / ticksPerSecond };
}
