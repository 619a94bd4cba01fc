/** Entra ID's routes: its discovery document, its keys, its token endpoint. */
const entraRoutes = ["openid-configuration", "keys", "token"] as const;
/** Graph's routes: the connector list, a connector, and its sync. */
const graphRouteNames = ["listConnectors", "getConnector", "sync"] as const;
/** The routes of the services the emulator stands in for: faults may answer these. */
const serviceRoutes = [...entraRoutes, ...graphRouteNames] as const;

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
  path: string;
  route: Route;
  tenantId?: string;
  appId?: string;
  connectorId?: string;
  apiVersion?: string;
  /** 0 when the emulator dropped the connection. */
  status: number;
  /** What answered in place of the service, or delayed it; absent when the service answered alone. */
  fault?: FaultSource;
  /** The latency model's delay before this answer, in milliseconds; absent when its route's family has none. */
  latencyMs?: number;
  requestId: string;
  clientRequestId?: string;
  /** The request body, parsed, with secrets, passwords, assertions and tokens at any depth replaced by "[redacted]". */
  body?: any;
  /** Lower-case request headers, with Authorization, cookies and API keys replaced by "[redacted]". */
  headers: Record<string, string>;
}

export type LogFilter = Partial<
  Pick<
    LogEntry,
    "method" | "route" | "tenantId" | "appId" | "connectorId" | "status" | "apiVersion" | "fault"
  >
>;

// Credential-like names, in a body at any depth and in headers. A name is matched whole, lower-case,
// with - and _ alike, so that client_assertion_type (no secret) is kept and x-api-key is not.
const secretNames = new Set([
  "client_secret",
  "client_assertion",
  "assertion",
  "password",
  "passwd",
  "secret",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "code",
  "api_key",
  "apikey",
  "x_api_key",
  "authorization",
  "proxy_authorization",
  "cookie",
  "set_cookie",
  "x_ms_token_aad_access_token",
  "ocp_apim_subscription_key",
  "x_functions_key",
]);
const isSecret = (name: string) => {
  const normal = name.toLowerCase().replaceAll("-", "_");
  return secretNames.has(normal) || /(secret|password|passwd|api_?key)$/.test(normal);
};
const redacted = "[redacted]";

/** A copy of the body with every credential-like field, at any depth (arrays too), redacted. */
export function redactBody(body: unknown, depth = 0): unknown {
  if (!body || typeof body !== "object") return body;
  // Deeper than any honest request: stop there rather than walk a hostile one forever.
  if (depth > 32) return redacted;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, depth + 1));
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      isSecret(key) ? redacted : redactBody(value, depth + 1),
    ]),
  );
}

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = isSecret(key) ? redacted : String(value);
  }
  return out;
}

/** Every request the emulator answered, oldest first. Tests assert on it: "exactly one POST for this connector". */
export class RequestLog {
  private readonly list: LogEntry[] = [];

  add(entry: LogEntry) {
    this.list.push(entry);
  }

  entries(filter: LogFilter = {}): LogEntry[] {
    const wanted = Object.entries(filter).filter(([, value]) => value !== undefined);
    return this.list.filter((entry) => wanted.every(([key, value]) => (entry as any)[key] === value));
  }

  count(filter: LogFilter = {}): number {
    return this.entries(filter).length;
  }

  clear() {
    this.list.length = 0;
  }
}
