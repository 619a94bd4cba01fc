// What each benchmark mode measures, and at what size. The quick plan is the
// one `npm test` runs and asserts; the full one writes BENCHMARKS.md.
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
    profile: { n: 100 },
  },
};
