/** Entra ID's routes: its discovery document, its keys, its token endpoint. */
const entraRoutes = ["openid-configuration", "keys", "token"] as const;

import { actionRouteNames } from "./actions/names";

/** Graph's routes: the connector list, a connector, and its sync; then the other actions' routes. */
const graphRouteNames = ["listConnectors", "getConnector", "sync", ...actionRouteNames] as const;
/** The routes of the services the emulator stands in for: faults may answer these, the log keeps their bodies. */
export const serviceRoutes = [...entraRoutes, ...graphRouteNames] as const;

/** The name of each kind of request, as the log and faults know it. */
export const routeNames = [
  ...serviceRoutes,
  "oidc",
  "ci-oidc",
  // The control API (/_emulator/*): its calls are neither logged nor faulted.
  "admin",
  "unknown",
] as const;
export type Route = (typeof routeNames)[number];

/** What may answer a request in place of the service: a scripted or random fault, Intune's limits, the throttle. */
export const faultSources = ["scripted", "random", "limits", "throttle"] as const;
export type FaultSource = (typeof faultSources)[number];

/** The routes a scripted or random fault may answer in place of: Entra ID's and Graph's. */
export const faultRoutes = serviceRoutes;

export const graphRoutes: readonly Route[] = graphRouteNames;

/** The routes the throttle counts: Graph's, per tenant and app. */
export const throttledRoutes = graphRoutes;

export interface LogEntry {
  time: string;
  method: string;
  /** The path as sent (its first 2 KiB; tenantId, appId, connectorId and apiVersion their first 512 characters). */
  path: string;
  route: Route;
  tenantId?: string;
  appId?: string;
  connectorId?: string;
  /** The key of another action's entity (a VPP token's, a DEP onboarding setting's). */
  entityId?: string;
  apiVersion?: string;
  /** 0 when the emulator dropped the connection. */
  status: number;
  /** What answered in place of the service, or delayed it; absent when the service answered alone. */
  fault?: FaultSource;
  /** The latency model's delay before this answer, in milliseconds; absent when its route's family has none. */
  latencyMs?: number;
  requestId: string;
  clientRequestId?: string;
  /**
   * A service route's request body (Entra ID's or Graph's; other routes keep none), parsed, with
   * secrets, passwords, assertions and tokens at any depth replaced by "[redacted]". When that is
   * longer than 4 KiB as JSON: the first 4 KiB of the JSON, as a string, and bodyCut.
   */
  body?: any;
  bodyCut?: true;
  /**
   * Lower-case request headers, with Authorization, cookies and API keys replaced by "[redacted]":
   * the first 64 in 4 KiB, a value cut to fit ending with "…".
   */
  headers: Record<string, string>;
  /** How many headers were left out past those. */
  headersLeftOut?: number;
}

export type LogFilter = Partial<
  Pick<
    LogEntry,
    "method" | "route" | "tenantId" | "appId" | "connectorId" | "entityId" | "status" | "apiVersion" | "fault"
  >
>;

/** How many entries a log keeps unless told: a long pipeline's worth, some 15 MiB of typical requests. */
export const defaultLogEntries = 10_000;

/**
 * The requests the emulator answered, oldest first: the newest `capacity` of them, as a ring, with a
 * count of those it dropped to make room. Tests assert on it: "exactly one POST for this connector";
 * a count is only whole while `dropped` is 0.
 */
export class RequestLog {
  private ring: LogEntry[] = [];
  /** Once the ring is full: where the oldest entry is, and so where the next one goes. */
  private oldest = 0;
  private droppedSinceClear = 0;

  constructor(readonly capacity = defaultLogEntries) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 10_000_000) {
      throw new Error(`The log keeps from 1 to 10,000,000 entries, not ${capacity}.`);
    }
  }

  add(entry: LogEntry) {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.oldest] = entry;
    this.oldest = (this.oldest + 1) % this.capacity;
    this.droppedSinceClear++;
  }

  /** How many entries were dropped, oldest first, to keep the newest `capacity`, since the last clear. */
  get dropped(): number {
    return this.droppedSinceClear;
  }

  entries(filter: LogFilter = {}): LogEntry[] {
    const wanted = Object.entries(filter).filter(([, value]) => value !== undefined);
    const found: LogEntry[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const entry = this.ring[(this.oldest + i) % this.ring.length];
      if (wanted.every(([key, value]) => (entry as any)[key] === value)) found.push(entry);
    }
    return found;
  }

  count(filter: LogFilter = {}): number {
    return this.entries(filter).length;
  }

  /** Empties the log, and sets `dropped` back to 0. */
  clear() {
    this.ring = [];
    this.oldest = 0;
    this.droppedSinceClear = 0;
  }
}
