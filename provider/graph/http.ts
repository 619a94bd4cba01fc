import type { Agent } from "node:https";
import axios, { type AxiosResponse } from "axios";
import { decodeJwt } from "jose";
import { packageName, packageVersion } from "../version";

/** One request's outcome: Graph answered, with any status, or no answer came. */
export type Outcome =
  | { kind: "answer"; response: AxiosResponse<unknown> }
  | { kind: "noAnswer"; code?: string; message: string };

export interface ExchangeConnector {
  id: string;
  lastSyncDateTime?: string;
  status?: string;
  [property: string]: unknown;
}

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
      code: code === undefined ? undefined : String(code),
      message: String(message ?? error),
    };
  }
}

/** A JSON value's fields, or none: what a server sends is read, never trusted to have a shape. */
export const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A connector as Graph sent it, with the fields this package reads checked to be strings. */
export function connectorOf(data: unknown, connectorId: string): ExchangeConnector {
  const connector = record(data);
  return {
    ...connector,
    id: text(connector.id) ?? connectorId,
    status: text(connector.status),
    lastSyncDateTime: text(connector.lastSyncDateTime),
  };
}

/** Graph's `error` object in an answer's body. */
export const graphError = (response: AxiosResponse<unknown>) => record(record(response.data).error);

export function receiptOf(response: AxiosResponse<unknown>, clientRequestId: string): GraphReceipt {
  const inner = record(graphError(response).innerError);
  return {
    requestId: text(response.headers["request-id"]) ?? text(inner["request-id"]),
    clientRequestId,
    date: text(response.headers.date) ?? text(inner.date),
  };
}

/** The roles (application) and scopes (delegated) the token carried, to say what a 403 lacked. */
export function rolesOf(token: string): string[] {
  try {
    const { roles, scp } = decodeJwt(token);
    return [...(Array.isArray(roles) ? roles.map(String) : []), ...String(scp ?? "").split(" ")].filter(
      Boolean,
    );
  } catch {
    return [];
  }
}
