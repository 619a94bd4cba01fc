// The error bodies of the services the emulator stands for, each in the shape its clients parse.
import { randomUUID } from "node:crypto";
import type { Context, Reply } from "./http";
import { intuneMessage } from "./intune";

/** What Graph's front door sends with every 401, naming where to get a token and for which resource. */
export const graphChallenge = {
  "www-authenticate":
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
};

const isGraph = (ctx: Context) => ctx.service === "graph" || ctx.service === "intune";

/** Graph's error shape: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}. */
export function graphError(
  ctx: Context,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    // The challenge is the front door's: Entra ID's routes and the emulator's own send none.
    headers: status === 401 && isGraph(ctx) ? { ...graphChallenge, ...headers } : headers,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ""),
          "request-id": ctx.requestId,
          "client-request-id": ctx.clientRequestId ?? ctx.requestId,
        },
      },
    },
  };
}

/**
 * A refusal decided by the Intune service behind Graph: with `envelope` (the default config), its
 * error.message is Intune's JSON-in-a-string, and the plain sentence is lost, as with the real one.
 */
export function intuneError(
  ctx: Context,
  envelope: boolean,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return graphError(ctx, status, code, envelope ? intuneMessage(ctx) : message, headers);
}

const codes: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "Forbidden",
  404: "ResourceNotFound",
  409: "Conflict",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** Retry-After as a fault asks for it: seconds, "http-date:N" (N seconds from now, past if negative), or none. */
export function retryAfterHeader(retryAfter?: number | string): Record<string, string> {
  if (typeof retryAfter === "number") return { "retry-after": String(retryAfter) };
  if (typeof retryAfter === "string") {
    const seconds = Number(retryAfter.replace("http-date:", ""));
    return { "retry-after": new Date(Date.now() + seconds * 1000).toUTCString() };
  }
  return {};
}

/** A fault's answer, worded as Graph words that status; on Intune's routes, in Intune's envelope. */
export function faultReply(
  ctx: Context,
  envelope: boolean,
  status: number,
  retryAfter?: number | string,
): Reply {
  const code = codes[status] ?? "UnknownError";
  const message =
    status === 429 ? "Too many requests." : `${code}: the service could not answer. Try again later.`;
  const inIntune = envelope && ctx.service === "intune";
  return intuneError(ctx, inIntune, status, code, message, retryAfterHeader(retryAfter));
}

/** "2026-01-05 08:00:00Z", as Entra ID writes its timestamps. */
const entraTime = () =>
  new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");

/**
 * Entra ID's error body. The correlation id is the caller's client-request-id (MSAL sends one), the
 * trace id this request's id; error_description repeats both and the time, each on a line of its own.
 */
export function aadError(ctx: Context, status: number, error: string, code: number, text: string): Reply {
  const timestamp = entraTime();
  const traceId = ctx.requestId;
  const correlationId = ctx.clientRequestId ?? randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
