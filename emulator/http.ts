import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Route } from "./log";

/** What a route answers; the server adds request-id, client-request-id and Date. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A reply, or "drop": close the connection without one (a fault). */
export type Answer = Reply | "drop";

/** Who sends a request, as its route learns it: the app, and its tenant once a token proves it. */
export interface Caller {
  appId?: string;
  tenantId?: string;
}

/**
 * One request, as the routes see it. The dispatcher fills in what it is about (route, tenant,
 * connector, version) and who sends it (app), for the log and for faults.
 */
export interface Context {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: any;
  rawBody: string;
  origin: string;
  requestId: string;
  clientRequestId?: string;
  route: Route;
  tenantId?: string;
  appId?: string;
  connectorId?: string;
  apiVersion?: string;
}

export async function readBody(request: IncomingMessage): Promise<{ raw: string; parsed: any }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  const type = String(request.headers["content-type"] ?? "");
  if (raw === "") return { raw, parsed: undefined };
  if (type.includes("application/x-www-form-urlencoded")) {
    return { raw, parsed: Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    return { raw, parsed: JSON.parse(raw) };
  } catch {
    return { raw, parsed: undefined };
  }
}

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
    headers,
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

const codes: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "Forbidden",
  404: "ResourceNotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** A fault's answer, worded as Graph words that status. */
export function faultReply(ctx: Context, status: number, retryAfter?: number | string): Reply {
  const headers: Record<string, string> = {};
  if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  if (typeof retryAfter === "string") {
    const seconds = Number(retryAfter.replace("http-date:", ""));
    headers["retry-after"] = new Date(Date.now() + seconds * 1000).toUTCString();
  }
  const code = codes[status] ?? "UnknownError";
  const message =
    status === 429
      ? "Too many requests. Retry after the time in the Retry-After header."
      : `${code}: the service could not answer. Try again later.`;
  return graphError(ctx, status, code, message, headers);
}

/** Entra ID's error body: error, error_description starting with the AADSTS code, error_codes. */
export function aadError(status: number, error: string, code: number, text: string): Reply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
