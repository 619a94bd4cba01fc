// Intune's published request limits, as a sliding window over write requests. Microsoft Graph's
// throttling-limits page puts the Exchange connector routes under Intune's device-enrollment limits:
// POST, PUT, PATCH and DELETE at 200 requests per 20 seconds per tenant across apps, and 100 per 20
// seconds per app per tenant. A sliding-window log is a few lines: the rate-limit libraries at hand
// keep fixed windows or Redis, and cannot tell exactly when the oldest request leaves the window.
import type { z } from "zod";
import type { faultResponse, limitsModel } from "./control-schema";
import { graphRoutes, type LogEntry } from "./log";

/** What the window needs of a request: where it went, how, and for whom. */
type Write = Pick<LogEntry, "route"> & Partial<Pick<LogEntry, "method" | "tenantId" | "appId">>;

/** A window in seconds and the writes it admits per app in a tenant, and per tenant across apps. */
export type IntuneLimits = z.infer<typeof limitsModel>;

/** The numbers Microsoft publishes for Intune's device-enrollment routes, the connector's among them. */
export const intunePublishedLimits = Object.freeze({
  windowSeconds: 20,
  perAppPerTenant: 100,
  perTenant: 200,
});

const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class SlidingWindow {
  /** The arrival times (ms) of the writes admitted in the window, oldest first, per tenant and per tenant|app. */
  private readonly admitted = new Map<string, number[]>();

  constructor(private readonly limits: IntuneLimits) {}

  /**
   * Counts a write on Graph's routes at its arrival, or refuses it with a 429 whose Retry-After is the
   * whole seconds until the oldest request counted against the limit it is over leaves the window (at
   * least 1). A refused request is not counted, so that a client waiting as told gets through.
   */
  take(request: Write, now: number): z.infer<typeof faultResponse> | undefined {
    if (!writeMethods.has(request.method ?? "") || !graphRoutes.includes(request.route)) return undefined;
    const scopes = [
      { key: `${request.tenantId}|${request.appId}`, limit: this.limits.perAppPerTenant },
      { key: `${request.tenantId}`, limit: this.limits.perTenant },
    ].map(({ key, limit }) => ({ limit, times: this.inWindow(key, now) }));
    const full = scopes.filter(({ limit, times }) => limit !== undefined && times.length >= limit);
    if (full.length === 0) {
      for (const { times } of scopes) times.push(now);
      return undefined;
    }
    // Over both limits, the later of the two: the answer must hold for whichever admits last.
    const leavesAt = Math.max(...full.map(({ limit, times }) => this.leaves(times, limit!)));
    return { status: 429, retryAfter: Math.max(1, Math.ceil((leavesAt - now) / 1000)) };
  }

  /** The key's admitted arrivals still in the window at `now`: a request leaves windowSeconds after it came. */
  private inWindow(key: string, now: number): number[] {
    const times = this.admitted.get(key) ?? [];
    const windowMs = this.limits.windowSeconds * 1000;
    while (times.length > 0 && now - times[0] >= windowMs) times.shift();
    this.admitted.set(key, times);
    return times;
  }

  /** When the window admits one more: once all but limit - 1 of its requests have left. */
  private leaves(times: number[], limit: number): number {
    return times[times.length - limit] + this.limits.windowSeconds * 1000;
  }
}
