import type { Agent } from "node:http";
import axios, { type AxiosResponse } from "axios";
import { decodeJwt } from "jose";
import { untrusted, untrustedText } from "../redact";
import { packageName, packageVersion } from "../version";
import { intuneRefusal } from "./intune";

/** One request's outcome: Graph answered, with any status, or no answer came. */
export type Outcome =
  | { kind: "answer"; response: AxiosResponse<unknown> }
  | { kind: "noAnswer"; code?: string; message: string };

/** What Microsoft support asks for about one request. */
export interface GraphReceipt {
  requestId?: string;
  clientRequestId: string;
  date?: string;
}

export interface HttpCall {
  method: "GET" | "POST";
  url: string;
  data?: object;
  token: string;
  clientRequestId: string;
}

/**
 * The most this package reads of any answer: Graph's, Entra ID's metadata, a pipeline's OIDC token. A
 * connector or an error is a few kilobytes; a larger answer is no answer, rather than memory and time
 * spent on what a hostile server sends.
 */
export const maxAnswerBytes = 1024 * 1024;

export interface HttpOptions {
  httpsAgent?: Agent;
  timeoutMs: number;
}

export async function call(request: HttpCall, options: HttpOptions): Promise<Outcome> {
  try {
    const response = await axios.request<unknown>({
      method: request.method,
      url: request.url,
      data: request.data,
      httpsAgent: options.httpsAgent,
      timeout: options.timeoutMs,
      maxRedirects: 0,
      maxContentLength: maxAnswerBytes,
      // The way out is the agent's (direct or through the proxy, by CONNECT), never axios's own.
      proxy: false,
      validateStatus: () => true,
      headers: {
        Authorization: `Bearer ${request.token}`,
        Accept: "application/json",
        "Content-Type": "application/json",
        "client-request-id": request.clientRequestId,
        "return-client-request-id": "true",
        "User-Agent": `${packageName}/${packageVersion}`,
      },
    });
    return { kind: "answer", response };
  } catch (error) {
    // Only the code and message are kept: an axios error also carries the request and its Authorization header.
    const { code, message } = record(error);
    return {
      kind: "noAnswer",
      code: code === undefined ? undefined : untrusted(code, 64),
      message: untrusted(message ?? error),
    };
  }
}

/** A JSON value's fields, or none: what a server sends is read, never trusted to have a shape. */
export const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

// Every string below comes from the server: short fields are cut at 100 characters, sentences at 500.
const short = (value: unknown) => untrustedText(value, 100);

/**
 * Graph's `error` object in an answer's body: its code and message, made safe to show. A message in
 * Intune's envelope is shown as its sentence, with Intune's two ids beside it, never as the JSON.
 */
export function graphError(response: AxiosResponse<unknown>) {
  const { code, message, innerError } = record(record(response.data).error);
  const intune = typeof message === "string" ? intuneRefusal(message) : undefined;
  return {
    code: short(code),
    message: untrustedText(intune?.message ?? message),
    operationId: short(intune?.operationId),
    activityId: short(intune?.activityId),
    innerError: record(innerError),
  };
}

export function receiptOf(response: AxiosResponse<unknown>, clientRequestId: string): GraphReceipt {
  const { innerError } = graphError(response);
  return {
    requestId: short(response.headers["request-id"]) ?? short(innerError["request-id"]),
    clientRequestId,
    date: short(response.headers.date) ?? short(innerError.date),
  };
}

/**
 * Whether a 404 is Graph's own word that the thing asked for does not exist: Graph's JSON error code
 * (ResourceNotFound, or Intune's envelope in its message) and Graph's request-id. A 404 from a
 * gateway, a proxy or a wrong endpoint (an HTML page, an unknown route, no request-id) is not.
 */
export function isGraphNotFound(response: AxiosResponse<unknown>): boolean {
  if (response.status !== 404 || typeof response.headers["request-id"] !== "string") return false;
  const { code, message } = record(record(response.data).error);
  return code === "ResourceNotFound" || (typeof message === "string" && intuneRefusal(message) !== undefined);
}

/** The roles (application) and scopes (delegated) the token carried, to say what a 403 lacked. */
export function rolesOf(token: string): string[] {
  try {
    const { roles, scp } = decodeJwt(token);
    const all = [...(Array.isArray(roles) ? roles : []), ...String(scp ?? "").split(" ")];
    return all.map((role) => untrusted(role, 100)).filter(Boolean);
  } catch {
    return [];
  }
}
