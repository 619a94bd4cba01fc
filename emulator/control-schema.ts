// What the control API accepts, in-process and over HTTP alike: every field's type and range, and no
// field besides. A refusal names the field, what was wrong and what the call takes, before anything
// changes; over HTTP it is a 400, never a 500 or a crash.
import { z } from "zod";
import { faultRoutes, faultSources, routeNames } from "./log";

/**
 * A control call given something it cannot use (a 400 over HTTP), or one the emulator cannot take in
 * its state (409: its fault rules are full).
 */
export class InvalidControl extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}

const retryAfter = z.union([
  z.int().min(0).max(86_400),
  z
    .string()
    .regex(
      /^http-date:-?\d{1,5}$/,
      'expected "http-date:N", N seconds from now (negative: a date already past)',
    ),
]);

export const faultResponse = z.union([
  z.strictObject({ status: z.int().min(400).max(599), retryAfter: retryAfter.optional() }),
  z.strictObject({ delayMs: z.int().min(0).max(600_000) }),
  z.strictObject({ drop: z.literal(true) }),
]);

const scope = {
  route: z.enum(faultRoutes),
  tenantId: z.string().min(1).optional(),
  connectorId: z.string().min(1).optional(),
};
const responses = z.array(faultResponse).min(1).max(10_000);

export const scriptedFault = z.strictObject({ ...scope, responses });
export const randomFault = z.strictObject({
  ...scope,
  rate: z.number().min(0).max(1),
  seed: z.int().optional(),
  responses,
});

export const throttleModel = z.strictObject({
  capacity: z.number().min(1).max(1_000_000),
  refillPerSecond: z.number().positive().max(1_000_000),
  /** How a throttled answer says when to come back: seconds (the default), an HTTP date, or not at all. */
  retryAfter: z.enum(["seconds", "http-date", "omit"]).optional(),
});

export const limitsModel = z
  .strictObject({
    windowSeconds: z.number().positive().max(86_400),
    perAppPerTenant: z.int().min(1).max(1_000_000).optional(),
    perTenant: z.int().min(1).max(1_000_000).optional(),
  })
  .refine((l) => l.perAppPerTenant !== undefined || l.perTenant !== undefined, {
    message: "give perAppPerTenant, perTenant or both",
    path: ["perAppPerTenant"],
  });

// Whole milliseconds, so that the log shows exactly the delay drawn. A spread wider than its median
// is refused rather than cut at 0: every delay drawn stays within median ± jitter, and never negative.
const spread = z
  .strictObject({
    medianMs: z.int().min(0).max(600_000),
    jitterMs: z.int().min(0).max(600_000).default(0),
  })
  .refine((s) => s.jitterMs <= s.medianMs, {
    message: "must not be more than medianMs, so that no delay is negative",
    path: ["jitterMs"],
  });

export const latencyModel = z.strictObject({
  /** Where the draws start; the same seed gives the same delays in the same order. Default 1. */
  seed: z.int().optional(),
  /** Graph's routes: the connector list, a connector, and its sync. */
  graph: spread.optional(),
  /** Entra ID's token route. */
  token: spread.optional(),
});

const logFilter = z.strictObject({
  method: z.string().optional(),
  route: z.enum(routeNames).optional(),
  tenantId: z.string().optional(),
  appId: z.string().optional(),
  connectorId: z.string().optional(),
  entityId: z.string().optional(),
  apiVersion: z.string().optional(),
  status: z.coerce.number().pipe(z.int().min(0).max(599)).optional(),
  fault: z.enum(faultSources).optional(),
});

const usage = {
  fault:
    'A fault is {route, tenantId?, connectorId?, responses: [{status: 400-599, retryAfter?: seconds | "http-date:N"} | {delayMs} | {drop: true}, ...]}, with rate (0 to 1) and seed? for a random one.',
  throttle:
    'A throttle is {capacity: >= 1, refillPerSecond: > 0, retryAfter?: "seconds" | "http-date" | "omit"}.',
  limits:
    "Limits are {windowSeconds: > 0, perAppPerTenant?: >= 1, perTenant?: >= 1}, Intune's published ones {windowSeconds: 20, perAppPerTenant: 100, perTenant: 200}.",
  latency:
    "A latency is {seed?: integer, graph?: {medianMs, jitterMs?}, token?: {medianMs, jitterMs?}}, in whole milliseconds, with jitterMs <= medianMs.",
  log: "The log filters on method, route, tenantId, appId, connectorId, apiVersion, status and fault.",
};

/** The value as the schema reads it, or an InvalidControl naming each problem and what is allowed. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: keyof typeof usage): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length ? issue.path.join(".") : "the value";
    return `${at}: ${issue.message}`;
  });
  throw new InvalidControl(`Invalid ${what}: ${problems.join("; ")}. ${usage[what]}`);
}

export const parseLogFilter = (query: URLSearchParams) => parse(logFilter, Object.fromEntries(query), "log");
