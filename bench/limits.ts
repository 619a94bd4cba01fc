// Figure 9: what users meet. Graph's latency and Intune's published write
// limits, modelled by the emulator, against a first up of many resources.
// Each case states its physical limit, computed from the model, and gives
// ConnectorSync's time as a ratio to it, with the 429s Graph had to answer.
import type { Emulator } from "../emulator";
import { parseSyncRate } from "../provider/rate";
import { settings } from "../provider/settings";
import { connectorSync, noop } from "./contenders";
import { contenderStack, targetsOf, timed, unpaced as unpacedConfig, withEmulator } from "./setup";

const unpacedRate = unpacedConfig["connectorSync:syncRate"];

export interface Latency {
  medianMs: number;
  jitterMs: number;
}

export interface WriteLimits {
  windowSeconds: number;
  perAppPerTenant: number;
  perTenant: number;
}

export interface LimitCase {
  name: string;
  n: number;
  tenants: number;
  latency: { graph: Latency; token: Latency };
  limits: WriteLimits;
  /** connectorSync:syncRate; the default when absent. */
  syncRate?: string;
}

/** The engine's parallelism (pulumi up --parallel), set so that the limit below is computed from it. */
export const parallel = 8;
/** connectorSync:maxConcurrentRequests's default. */
const perTenantInFlight = 8;

/** How fast the model lets a first up of this case go, and which term binds. */
export function physicalLimit(c: LimitCase, floorMs: number) {
  const perTenant = Math.ceil(c.n / c.tenants);
  const inFlight = Math.min(parallel, c.tenants * perTenantInFlight);
  const terms = {
    "the engine's floor": floorMs,
    "N × latency ÷ requests in flight":
      c.latency.token.medianMs + (c.n * c.latency.graph.medianMs) / inFlight,
    "N per tenant ÷ the published rate":
      (perTenant * c.limits.windowSeconds * 1000) / c.limits.perAppPerTenant,
  };
  const [binding, limitMs] = Object.entries(terms).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { terms, binding, limitMs };
}

/** What ConnectorSync's own sync rate alone needs for a tenant's syncs: a floor under its time, however fast the engine. */
function ownRate(c: LimitCase) {
  const rate = (c.syncRate && parseSyncRate(c.syncRate)) || settings.syncRate.defaultValue;
  return (Math.ceil(c.n / c.tenants) * rate.perSeconds * 1000) / rate.requests;
}

async function firstUp(emu: Emulator, c: LimitCase, syncRate: string | undefined) {
  emu.log.clear();
  const config: Record<string, string> = syncRate === undefined ? {} : { "connectorSync:syncRate": syncRate };
  const { engine } = await contenderStack(emu, connectorSync, targetsOf(emu, c.n), config);
  const [wallMs] = await timed(() => engine.up({ parallel }));
  await engine.remove();
  return {
    wallMs,
    posts: emu.log.count({ route: "sync", method: "POST" }),
    synced: emu.log.count({ route: "sync", status: 204 }),
    throttled: emu.log.count({ route: "sync", status: 429 }),
    tokenRequests: emu.log.count({ route: "token" }),
  };
}

/** One case: the floor, ConnectorSync as configured, and ConnectorSync with its sync rate lifted. */
export function limitCase(c: LimitCase) {
  return withEmulator(
    c.tenants,
    Math.ceil(c.n / c.tenants),
    async (emu) => {
      const floor = await contenderStack(emu, noop, targetsOf(emu, c.n));
      const [floorMs] = await timed(() => floor.engine.up({ parallel }));
      await floor.engine.remove();
      emu.faults.limits(c.limits);
      const paced = await firstUp(emu, c, c.syncRate);
      // The control: what the same stack meets when it does not pace itself.
      const unpaced = await firstUp(emu, c, unpacedRate);
      return { ...c, floorMs, ...physicalLimit(c, floorMs), ownRateMs: ownRate(c), paced, unpaced };
    },
    { latency: c.latency },
  );
}

export async function limitCases(cases: LimitCase[]) {
  const results = [];
  for (const c of cases) results.push(await limitCase(c));
  return results;
}
