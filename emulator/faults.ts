import seedrandom from "seedrandom";
import type { z } from "zod";
import {
  type faultResponse,
  InvalidControl,
  limitsModel,
  parse,
  randomFault,
  scriptedFault,
  throttleModel,
} from "./control-schema";
import { type IntuneLimits, SlidingWindow } from "./limits";
import { type FaultSource, type Route, throttledRoutes } from "./log";

/**
 * One scripted answer: an error status (with Retry-After in seconds, or "http-date:N" for an HTTP
 * date N seconds ahead; without retryAfter, no Retry-After header at all, which Intune does too), a
 * delay before the normal answer, or a connection dropped without an answer.
 */
export type FaultResponse = z.infer<typeof faultResponse>;

/** Answers the next matching requests with `responses`, in order, once each. */
export type ScriptedFault = z.infer<typeof scriptedFault>;

/** Answers each matching request with probability `rate`, with one of `responses`, from a seeded generator. */
export type RandomFault = z.infer<typeof randomFault>;

/**
 * A token bucket per tenant and app: `capacity` requests at once, refilled at `refillPerSecond`.
 * A throttled request is a 429 whose Retry-After is the seconds until a token is back, or an HTTP
 * date, or (retryAfter "omit") missing, as Intune sometimes sends it.
 */
export type Throttle = z.infer<typeof throttleModel>;

export interface Request {
  route: Route;
  method?: string;
  tenantId?: string;
  connectorId?: string;
  appId?: string;
}

type Rule = (ScriptedFault & { kind: "scripted" }) | (RandomFault & { kind: "random"; next: () => number });

/**
 * The most fault rules, and answers across them, the emulator holds: far more than a test scripts,
 * and a bound on what a caller can make it keep (each rule is walked on every request).
 */
export const faultCaps = { rules: 1_000, responses: 100_000 };

export class Faults {
  private rules: Rule[] = [];
  private bucketModel?: Throttle;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private window?: SlidingWindow;

  /** `clock` is what the throttle and the limits read as now, in ms: a test may step its own. */
  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Adds a fault; throws InvalidControl, naming the field, for anything it cannot use, and (409) when
   * it would hold more rules or answers than faultCaps.
   */
  add(fault: ScriptedFault | RandomFault) {
    const rule = ruleOf(fault);
    const held = this.rules.reduce((sum, r) => sum + r.responses.length, 0);
    if (this.rules.length >= faultCaps.rules || held + rule.responses.length > faultCaps.responses) {
      throw new InvalidControl(
        `The emulator holds ${this.rules.length} fault rules with ${held} answers; it keeps at most ${faultCaps.rules} rules and ${faultCaps.responses} answers. Clear them first (faults.clear(), DELETE /_emulator/faults).`,
        409,
      );
    }
    this.rules.push(rule);
  }

  clear() {
    this.rules = [];
  }

  /** Turns the token bucket per tenant and app on, or off with no argument. */
  throttle(model?: Throttle) {
    this.bucketModel = model === undefined ? undefined : parse(throttleModel, model, "throttle");
    this.buckets.clear();
  }

  /**
   * Turns Intune's published limits on (`intunePublishedLimits`, or numbers scaled down for a test),
   * or off with no argument: a sliding window over writes per app in a tenant and per tenant. It
   * comes after scripted and random faults, and before the token bucket, which may run beside it.
   */
  limits(limits?: IntuneLimits) {
    this.window = limits === undefined ? undefined : new SlidingWindow(parse(limitsModel, limits, "limits"));
  }

  /** The fault, if any, that this request meets, and what set it. */
  take(request: Request): { response: FaultResponse; by: FaultSource } | undefined {
    const now = this.clock();
    for (const rule of this.rules) {
      if (!matches(rule, request)) continue;
      if (rule.kind === "scripted") {
        const response = rule.responses.shift();
        if (rule.responses.length === 0) this.rules = this.rules.filter((r) => r !== rule);
        if (response) return { response, by: "scripted" };
      } else if (rule.next() < rule.rate) {
        return { response: rule.responses[Math.floor(rule.next() * rule.responses.length)], by: "random" };
      }
    }
    const limited = this.window?.take(request, now);
    if (limited) return { response: limited, by: "limits" };
    const throttled = this.bucket(request, now);
    return throttled && { response: throttled, by: "throttle" };
  }

  private bucket(request: Request, now: number): FaultResponse | undefined {
    const model = this.bucketModel;
    if (!model || !throttledRoutes.includes(request.route)) return undefined;
    const key = `${request.tenantId}|${request.appId}`;
    const bucket = this.buckets.get(key) ?? { tokens: model.capacity, at: now };
    bucket.tokens = Math.min(
      model.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * model.refillPerSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / model.refillPerSecond));
    const mode = model.retryAfter ?? "seconds";
    if (mode === "omit") return { status: 429 };
    return { status: 429, retryAfter: mode === "seconds" ? seconds : `http-date:${seconds}` };
  }
}

/** The fault as a rule, once checked. */
function ruleOf(fault: ScriptedFault | RandomFault): Rule {
  if (typeof fault === "object" && fault !== null && "rate" in fault) {
    const valid = parse(randomFault, fault, "fault");
    // Seeded, so that a faulty run can be replayed.
    return { ...valid, kind: "random", next: seedrandom(String(valid.seed ?? 1)) };
  }
  return { ...parse(scriptedFault, fault, "fault"), kind: "scripted" };
}

function matches(rule: Request, request: Request): boolean {
  return (
    rule.route === request.route &&
    (rule.tenantId === undefined || rule.tenantId === request.tenantId) &&
    (rule.connectorId === undefined || rule.connectorId === request.connectorId)
  );
}
