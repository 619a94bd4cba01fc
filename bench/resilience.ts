// Figures 5 to 7: ConnectorSync under throttling, faults and an interruption.
// Each asks the same question of the emulator's log: did every resource end
// with exactly one effective sync? Each figure's emulator and stack are its own.
import type { FaultResponse } from "../emulator";
import { emulatorEnv } from "../support/emulator";
import { EngineStack } from "../support/engine";
import { connectorSync } from "./contenders";
import { contenderStack, syncsPerConnector, targetsOf, timed, withEmulator } from "./setup";

/** 5. Many resources over many tenants with the throttling model on. */
export function scale(n: number, tenants: number, throttle: { capacity: number; refillPerSecond: number }) {
  const perTenant = Math.ceil(n / tenants);
  return withEmulator(tenants, perTenant, async (emu) => {
    const { engine } = await contenderStack(emu, connectorSync, targetsOf(emu, n));
    emu.faults.throttle(throttle);
    const [wallMs] = await timed(() => engine.up());
    const perConnector = syncsPerConnector(emu);
    const figures = {
      n,
      tenants,
      throttle,
      wallMs,
      // Each tenant's bucket starts full and refills at its rate; tenants run side by side.
      floorMs: (Math.max(0, perTenant - throttle.capacity) / throttle.refillPerSecond) * 1000,
      created: (await engine.resources()).length,
      effectiveSyncs: perConnector.size,
      most204sForOneResource: Math.max(...perConnector.values()),
      throttled: emu.log.count({ route: "sync", status: 429 }),
      tokenRequests: emu.log.count({ route: "token" }),
    };
    await engine.remove();
    return figures;
  });
}

/** 6. A share of sync calls answer 503 or drop the connection. */
export function faults(n: number, rate: number) {
  return withEmulator(2, Math.ceil(n / 2), async (emu) => {
    const { engine } = await contenderStack(emu, connectorSync, targetsOf(emu, n));
    // Every (1/rate)-th of the first n sync calls fails, 503 and dropped connection in turn: exactly
    // n × rate faults whatever order the engine sends them in, where a seeded draw could give none.
    const every = Math.round(1 / rate);
    const responses: FaultResponse[] = Array.from({ length: n }, (_, i) => {
      if (i % every !== every - 1) return { delayMs: 0 };
      return Math.floor(i / every) % 2 === 0 ? { status: 503 } : { drop: true };
    });
    emu.faults.add({ route: "sync", responses });
    const [wallMs] = await timed(() => engine.up());
    const counts = [...syncsPerConnector(emu).values()];
    const figures = {
      n,
      rate,
      wallMs,
      faultsInjected:
        emu.log.count({ route: "sync", status: 503 }) + emu.log.count({ route: "sync", status: 0 }),
      resourcesWithOneSync: counts.filter((c) => c === 1).length,
      resourcesWithMore: counts.filter((c) => c > 1).length,
      syncCounts: (await engine.resources()).map((r: any) => r.outputs.recorded.syncCount as number),
    };
    await engine.remove();
    return figures;
  });
}

/**
 * Figure 7's program, as a user's index.js: the language host runs it in a process of its own,
 * so that an interrupted run leaves nothing behind in this one for the next up to meet.
 */
const programFile = `const { Config } = require("@pulumi/pulumi");
const { ConnectorSync } = require("pulumi-intune-connector-sync");
new Config().requireObject("targets").forEach(({ tenantId, connectorId }, i) => {
  new ConnectorSync(\`sync-\${i}\`, { connectorId, tenantId });
});
`;

/** 7. A SIGINT in the middle of an up, then up again. */
export function interruption(n: number) {
  return withEmulator(2, Math.ceil(n / 2), async (emu) => {
    const targets = targetsOf(emu, n);
    const engine = await EngineStack.create(programFile, emulatorEnv(emu));
    await engine.stack.setConfig("targets", { value: JSON.stringify(targets) });
    // Slow each of the first up's syncs a little, so that the SIGINT finds work in flight.
    emu.faults.add({ route: "sync", responses: Array(n).fill({ delayMs: 100 }) });
    const abort = new AbortController();
    const watch = setInterval(() => {
      if (emu.log.count({ route: "sync", status: 204 }) >= n / 2) abort.abort();
    }, 20);
    const interrupted = await engine.up({ signal: abort.signal }).then(
      () => "finished before the signal",
      (error: Error) =>
        String(error.message)
          .split("\n")
          .find((line) => /cancel|interrupt|signal/i.test(line)) ?? "stopped",
    );
    clearInterval(watch);
    const syncedBeforeSecondUp = emu.log.count({ route: "sync", status: 204 });
    const inStateAfterSignal = (await engine.resources()).length;
    emu.faults.clear();
    const { result, steps, warnings } = await engine.up();
    const perConnector = syncsPerConnector(emu);
    const figures = {
      n,
      interrupted,
      syncedBeforeSecondUp,
      inStateAfterSignal,
      secondUpCreated: result.summary.resourceChanges?.create ?? 0,
      // The resources the engine saw the program register in the second up: n, unless one was lost on the way.
      secondUpRegistered: new Set(steps.map((step) => step.name)).size,
      // The engine's warning when the first up left operations pending (a forced stop): its first line.
      pendingWarning: warnings.find((w) => /pending operations/.test(w))?.split("\n")[0] ?? null,
      inStateAtEnd: (await engine.resources()).length,
      // By name, so that a failure shows which; none is the promise.
      notSynced: targets.map((t) => `${t.tenantId}/${t.connectorId}`).filter((key) => !perConnector.has(key)),
      duplicates: [...perConnector.values()].reduce((sum, c) => sum + c - 1, 0),
    };
    await engine.remove();
    return figures;
  });
}
