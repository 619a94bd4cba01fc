// What one request leaves in the log: its secrets redacted, and its size bounded whatever the client
// sent, so that the log costs its number of entries times a few KiB, never what clients send. A
// 1 MiB body of `[{},{},…]` parsed is some 20 MiB of objects: the log keeps 4 KiB of it as text.
import type { LogEntry } from "./log";

/** How much of a request an entry keeps. */
export const entryLimits = {
  /** A service route's body, as redacted JSON: kept parsed when it fits, else its first bodyChars. */
  bodyChars: 4096,
  /** Headers, names and values together; a value cut to fit ends with "…". */
  headerChars: 4096,
  headers: 64,
  /** The path as sent. */
  pathChars: 2048,
  /** Each id the path or the token names (tenant, app, connector, version). */
  idChars: 512,
};

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

/** The text cut to `max` characters, with "…" to say so. */
export const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);
const cutId = (id: string | undefined) => (id === undefined ? undefined : cut(id, entryLimits.idChars));

const full = Symbol("the budget is spent");

/**
 * The body as JSON with every credential-like field, at any depth (arrays too), redacted, written
 * only up to `max` characters: a hostile body costs the walk no more than what is kept.
 */
export function redactedJson(body: unknown, max: number): { json: string; whole: boolean } {
  let json = "";
  const put = (piece: string) => {
    json += piece;
    if (json.length > max) throw full;
  };
  // A long string or key is cut before it is quoted: only its start could be kept anyway.
  const quoted = (text: string) => JSON.stringify(text.length > max ? text.slice(0, max + 1) : text);
  const walk = (node: unknown, depth: number) => {
    if (typeof node === "string") return put(quoted(node));
    if (node === null || typeof node !== "object") return put(JSON.stringify(node) ?? "null");
    // Deeper than any honest request: stop there rather than walk a hostile one forever.
    if (depth > 32) return put(quoted(redacted));
    if (Array.isArray(node)) {
      put("[");
      node.forEach((item, i) => {
        if (i > 0) put(",");
        walk(item, depth + 1);
      });
      return put("]");
    }
    put("{");
    let first = true;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      put(`${first ? "" : ","}${quoted(key)}:`);
      first = false;
      if (isSecret(key)) put(quoted(redacted));
      else walk((node as Record<string, unknown>)[key], depth + 1);
    }
    put("}");
  };
  try {
    walk(body, 0);
    return { json, whole: true };
  } catch (error) {
    if (error !== full) throw error;
    return { json: json.slice(0, max), whole: false };
  }
}

/** A copy of the body with every credential-like field redacted, or its first 4 KiB as JSON text. */
export function loggedBody(body: unknown): Pick<LogEntry, "body" | "bodyCut"> {
  if (body === undefined) return {};
  const { json, whole } = redactedJson(body, entryLimits.bodyChars);
  return whole ? { body: JSON.parse(json) } : { body: json, bodyCut: true };
}

/**
 * Lower-case headers with Authorization, cookies and API keys redacted: the first 64, in 4 KiB in
 * all, and how many were left out past that.
 */
export function loggedHeaders(
  headers: Record<string, string | string[] | undefined>,
): Pick<LogEntry, "headers" | "headersLeftOut"> {
  const kept: Record<string, string> = {};
  let room = entryLimits.headerChars;
  let count = 0;
  let leftOut = 0;
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = key.toLowerCase();
    if (count === entryLimits.headers || room <= name.length) {
      leftOut++;
      continue;
    }
    const text = cut(isSecret(key) ? redacted : String(value), room - name.length);
    kept[name] = text;
    room -= name.length + text.length;
    count++;
  }
  return leftOut > 0 ? { headers: kept, headersLeftOut: leftOut } : { headers: kept };
}

/** The fields a request's path and caller give an entry, each cut to its limit. */
export function loggedIds(
  ids: Pick<LogEntry, "path" | "tenantId" | "appId" | "connectorId" | "entityId" | "apiVersion">,
) {
  return {
    path: cut(ids.path, entryLimits.pathChars),
    tenantId: cutId(ids.tenantId),
    appId: cutId(ids.appId),
    connectorId: cutId(ids.connectorId),
    // Only when there is one, so that the connector routes' entries keep their keys as they were.
    ...(ids.entityId === undefined ? {} : { entityId: cutId(ids.entityId) }),
    apiVersion: cutId(ids.apiVersion),
  };
}
