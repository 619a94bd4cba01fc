// How long the emulator takes to answer, as the real services' round trips do: without it every call
// answers in a millisecond, and a benchmark says nothing about a pipeline that talks to Graph.
import seedrandom from "seedrandom";
import type { z } from "zod";
import { latencyModel, parse } from "./control-schema";
import { graphRoutes, type Route } from "./log";

/**
 * A median and a jitter per route family, in whole milliseconds: each answer waits
 * medianMs ± jitterMs (uniform, so the median is medianMs), drawn from a seeded generator.
 */
export type LatencyModel = z.input<typeof latencyModel>;

type Family = "graph" | "token";
const familyOf = (route: Route): Family | undefined =>
  graphRoutes.includes(route) ? "graph" : route === "token" ? "token" : undefined;

export class Latency {
  private current: z.output<typeof latencyModel> = {};
  private draws = new Map<Family, () => number>();

  constructor(model: LatencyModel = {}) {
    this.set(model);
  }

  /** The model in force, with its defaults filled in. */
  get model(): z.output<typeof latencyModel> {
    return structuredClone(this.current);
  }

  /**
   * Replaces the whole model (a family left out answers at once) and starts its draws again from the
   * seed; throws InvalidControl, naming the field, for anything it cannot use, and changes nothing then.
   */
  set(model: LatencyModel) {
    this.current = parse(latencyModel, model, "latency");
    // One generator per family, so that the token requests interleaved with Graph's (which depend on
    // token caching and timing) do not change the delays Graph's answers get.
    const seed = this.current.seed ?? 1;
    this.draws = new Map((["graph", "token"] as const).map((f) => [f, seedrandom(`${seed}/${f}`)]));
  }

  /** No latency at all, whatever the config said. */
  clear() {
    this.set({});
  }

  /** The delay for the next answer on this route, or undefined when its family has none set. */
  draw(route: Route): number | undefined {
    const family = familyOf(route);
    const spread = family && this.current[family];
    if (!family || !spread) return undefined;
    const unit = this.draws.get(family)!();
    return Math.round(spread.medianMs + (2 * unit - 1) * spread.jitterMs);
  }
}
