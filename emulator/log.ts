export type Route =
  | "openid-configuration"
  | "keys"
  | "token"
  | "listConnectors"
  | "getConnector"
  | "sync"
  | "oidc"
  | "ci-oidc"
  // The control API (/_emulator/*): its calls are neither logged nor faulted.
  | "admin"
  | "unknown";

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
  requestId: string;
  clientRequestId?: string;
  /** The request body, parsed, with secrets, assertions and tokens replaced by "[redacted]". */
  body?: any;
  /** Lower-case request headers, with the Authorization header's value replaced. */
  headers: Record<string, string>;
}

export type LogFilter = Partial<
  Pick<LogEntry, "method" | "route" | "tenantId" | "appId" | "connectorId" | "status" | "apiVersion">
>;

const secretFields = new Set([
  "client_secret",
  "client_assertion",
  "assertion",
  "access_token",
  "refresh_token",
]);
const secretHeaders = new Set(["authorization", "cookie", "proxy-authorization"]);

export function redactBody(body: unknown): unknown {
  if (!body || typeof body !== "object") return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, secretFields.has(key) ? "[redacted]" : value]),
  );
}

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = secretHeaders.has(key.toLowerCase()) ? "[redacted]" : String(value);
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
