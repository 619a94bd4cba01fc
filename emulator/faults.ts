import seedrandom from "seedrandom";
import type { Route } from "./log";

/**
 * One scripted answer: an error status (with Retry-After in seconds, or
 * "http-date:N" for an HTTP date N seconds ahead), a delay before the normal
 * answer, or a connection dropped without an answer.
 */
export type FaultResponse =
  | { status: number; retryAfter?: number | `http-date:${number}` }
  | { delayMs: number }
  | { drop: true };

interface Scope {
  route: Route;
  tenantId?: string;
  connectorId?: string;
}

/** Answers the next matching requests with `responses`, in order, once each. */
export interface ScriptedFault extends Scope {
  responses: FaultResponse[];
}

/** Answers each matching request with probability `rate`, with one of `responses`, from a seeded generator. */
export interface RandomFault extends Scope {
  rate: number;
  responses: FaultResponse[];
  seed?: number;
}

export interface Throttle {
  /** Requests a tenant and app may make at once. */
  capacity: number;
  refillPerSecond: number;
}

export interface Request extends Scope {
  appId?: string;
}

type Rule = (ScriptedFault & { kind: "scripted" }) | (RandomFault & { kind: "random"; next: () => number });

export class Faults {
  private rules: Rule[] = [];
  private bucketModel?: Throttle;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  add(fault: ScriptedFault | RandomFault) {
    if ("rate" in fault) {
      // Seeded, so that a faulty run can be replayed.
      this.rules.push({ ...fault, kind: "random", next: seedrandom(String(fault.seed ?? 1)) });
    } else {
      this.rules.push({ ...fault, responses: [...fault.responses], kind: "scripted" });
    }
  }

  clear() {
    this.rules = [];
  }

  /** Turns the token bucket per tenant and app on, or off with no argument. */
  throttle(model?: Throttle) {
    this.bucketModel = model;
    this.buckets.clear();
  }

  /** The fault, if any, that this request meets. */
  take(request: Request, now = Date.now()): FaultResponse | undefined {
    for (const rule of this.rules) {
      if (!matches(rule, request)) continue;
      if (rule.kind === "scripted") {
        const response = rule.responses.shift();
        if (rule.responses.length === 0) this.rules = this.rules.filter((r) => r !== rule);
        if (response) return response;
      } else if (rule.next() < rule.rate) {
        return rule.responses[Math.floor(rule.next() * rule.responses.length)];
      }
    }
    return this.bucket(request, now);
  }

  private bucket(request: Request, now: number): FaultResponse | undefined {
    const model = this.bucketModel;
    if (!model || !["sync", "getConnector", "listConnectors"].includes(request.route)) return undefined;
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
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / model.refillPerSecond));
    return { status: 429, retryAfter };
  }
}

function matches(rule: Scope, request: Request): boolean {
  return (
    rule.route === request.route &&
    (rule.tenantId === undefined || rule.tenantId === request.tenantId) &&
    (rule.connectorId === undefined || rule.connectorId === request.connectorId)
  );
}
