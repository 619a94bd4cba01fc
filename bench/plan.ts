// What each benchmark mode measures, and at what size. The quick plan is the
// one `npm test` runs and asserts; the full one writes BENCHMARKS.md.
import type { LimitCase } from "./limits";

/** Graph's and Entra ID's latency as users meet them, and Intune's published write limits. */
const realistic = { graph: { medianMs: 120, jitterMs: 40 }, token: { medianMs: 250, jitterMs: 50 } };
const published = { windowSeconds: 20, perAppPerTenant: 100, perTenant: 200 };

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
    profile: { n: 10 },
    // Intune's limits scaled down tenfold in time (a 2 s window), and the sync rate with them.
    limits: [
      {
        name: "(a) one tenant, limits scaled to a 2 s window",
        n: 30,
        tenants: 1,
        latency: { graph: { medianMs: 20, jitterMs: 5 }, token: { medianMs: 20, jitterMs: 5 } },
        limits: { windowSeconds: 2, perAppPerTenant: 10, perTenant: 20 },
        syncRate: "9/2s",
      },
    ] as LimitCase[],
  },
  full: {
    economy: { n: 100, k: 10, tenants: 5 },
    // Nine reps: one step's runs varied by up to a quarter of their median, more than a goal's 5% margin.
    timing: { sizes: [10, 100, 300], reps: 9 },
    state: { n: 100 },
    coldStart: { reps: 5 },
    // Slow enough that the bucket, not the engine, sets the pace: each tenant's 25 syncs need 92 s.
    scale: { n: 500, tenants: 20, throttle: { capacity: 2, refillPerSecond: 0.25 } },
    faults: { n: 100, rate: 0.1 },
    interruption: { n: 200 },
    profile: { n: 100 },
    limits: [
      { name: "(a) 300 resources in one tenant", n: 300, tenants: 1, latency: realistic, limits: published },
      {
        name: "(b) 500 resources over 20 tenants",
        n: 500,
        tenants: 20,
        latency: realistic,
        limits: published,
      },
    ] as LimitCase[],
  },
};
