// The headers each service sends besides its body, so that a client's header handling (request ids,
// content negotiation, caching) meets what it will meet in production.
import type { Context, Reply } from "./http";

// A small, fixed diagnostic in Graph's format; honest about where it comes from.
const agsDiagnostic = JSON.stringify({
  ServerInfo: {
    DataCenter: "Local Emulator",
    Slice: "E",
    Ring: "5",
    ScaleUnit: "000",
    RoleInstance: "INTUNE-GRAPH-EMULATOR",
  },
});

const graphJson =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
const plainJson = "application/json; charset=utf-8";

const graphFrontDoor = {
  always: {
    "odata-version": "4.0",
    "x-ms-ags-diagnostic": agsDiagnostic,
    "strict-transport-security": "max-age=31536000",
  },
  json: graphJson,
};

/** Per service: what every answer carries, and the type of a JSON body. */
const byService: Record<Context["service"], { always: Record<string, string>; json: string }> = {
  // Intune answers through Graph's front door, which sets these.
  graph: graphFrontDoor,
  intune: graphFrontDoor,
  entra: {
    always: {
      "strict-transport-security": "max-age=31536000; includeSubDomains",
      "x-content-type-options": "nosniff",
    },
    json: plainJson,
  },
  emulator: { always: {}, json: plainJson },
};

/**
 * request-id on every answer, and client-request-id: the caller's, or the request-id when it sent
 * none, as Graph does. Entra ID names its id x-ms-request-id. The reply's own headers come last.
 */
export function responseHeaders(ctx: Context, reply: Reply): Record<string, string> {
  const service = byService[ctx.service];
  const headers: Record<string, string> = {
    "request-id": ctx.requestId,
    "client-request-id": ctx.clientRequestId ?? ctx.requestId,
    ...service.always,
  };
  if (ctx.service === "entra") headers["x-ms-request-id"] = ctx.requestId;
  if (reply.body !== undefined || reply.stream) headers["content-type"] = service.json;
  return { ...headers, ...reply.headers };
}

/**
 * The caller's client-request-id, if it can be echoed: printable ASCII and short. Anything else is
 * treated as absent, so that a hostile header is never repeated into a response.
 */
export function usableClientRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && /^[\x21-\x7e]{1,128}$/.test(value) ? value : undefined;
}
