import { randomUUID } from "node:crypto";
import type { Agent } from "node:https";
import axios, { type AxiosResponse } from "axios";
import { decodeJwt } from "jose";
import { ConnectorSyncError } from "../errors";
import type { ApiVersion, SyncType } from "../inputs";
import { packageName, packageVersion } from "../version";
import {
  isRetryableCode,
  nextWait,
  parseRetryAfter,
  type RetryOptions,
  retryableStatuses,
  retryDefaults,
} from "./retry";
import { assertSafeEndpoint } from "./transport";

export interface GraphClientOptions {
  /** Graph's bare origin, such as https://graph.microsoft.com; the version is added per request. */
  endpoint: string;
  apiVersion: ApiVersion;
  tenantId: string;
  getToken: () => Promise<string>;
  httpsAgent?: Agent;
  requestTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Runs each request, retries included, under the tenant's concurrency limit. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Told before each wait, so that the caller can say why nothing happens. */
  onRetry?: (retry: RetryNotice) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryNotice {
  connectorId?: string;
  attempt: number;
  waitMs: number;
  reason: string;
}

/** What Microsoft support asks for about one request. */
export interface GraphReceipt {
  requestId?: string;
  clientRequestId: string;
  date?: string;
}

export interface ExchangeConnector {
  id: string;
  lastSyncDateTime?: string;
  status?: string;
  [property: string]: unknown;
}

interface GraphRequest {
  method: "GET" | "POST";
  /** Absent for the list of connectors. */
  connectorId?: string;
  suffix: "" | "/sync";
  data?: object;
  /** After a 404, name the tenant's connectors in the error. */
  listOnNotFound?: boolean;
}

type Failure = { response: AxiosResponse } | { code?: string; message: string };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Microsoft Graph's deviceManagement/exchangeConnectors, for one tenant and API version. */
export class GraphClient {
  private readonly base: string;
  private readonly retry: RetryOptions;

  constructor(private readonly options: GraphClientOptions) {
    const origin = assertSafeEndpoint(options.endpoint, "The Graph endpoint").origin;
    this.base = `${origin}/${options.apiVersion}/deviceManagement/exchangeConnectors`;
    this.retry = { ...retryDefaults, ...options.retry };
  }

  /**
   * POST .../{id}/sync; Graph answers 204 No Content. A 404 costs one more GET,
   * to list the tenant's connectors in the error, unless `notFoundExpected`
   * says the caller will not show it.
   */
  async sync(connectorId: string, syncType: SyncType, notFoundExpected = false): Promise<GraphReceipt> {
    const request = { method: "POST", connectorId, suffix: "/sync", data: { syncType } } as const;
    const { receipt } = await this.send({ ...request, listOnNotFound: !notFoundExpected });
    return receipt;
  }

  /** A 404 here is left to the caller (a refresh drops the resource), so it lists nothing. */
  async getConnector(connectorId: string): Promise<ExchangeConnector & { receipt: GraphReceipt }> {
    const { response, receipt } = await this.send({ method: "GET", connectorId, suffix: "" });
    return { ...response.data, receipt };
  }

  async listConnectorIds(): Promise<string[]> {
    const { response } = await this.send({ method: "GET", suffix: "" });
    return (response.data?.value ?? []).map((c: ExchangeConnector) => c.id);
  }

  private send(request: GraphRequest) {
    const run = () => this.attempt(request);
    return this.options.limit ? this.options.limit(run) : run();
  }

  private async attempt(request: GraphRequest) {
    const { method, connectorId, suffix, data } = request;
    const path = connectorId === undefined ? "" : `/${encodeURIComponent(connectorId)}${suffix}`;
    const started = Date.now();
    const sleep = this.options.sleep ?? wait;
    for (let attempt = 0; ; attempt++) {
      const clientRequestId = randomUUID();
      const token = await this.options.getToken();
      const outcome = await this.request(method, path, data, token, clientRequestId);
      const response = "response" in outcome ? outcome.response : undefined;
      if (response && response.status >= 200 && response.status < 300) {
        return { response, receipt: receiptOf(response, clientRequestId) };
      }
      const retryable = response
        ? retryableStatuses.has(response.status)
        : isRetryableCode((outcome as any).code);
      const retryAfter = parseRetryAfter(response?.headers["retry-after"], Date.now());
      const waitMs = nextWait(attempt, retryAfter, this.retry);
      if (!retryable || Date.now() + waitMs - started > this.retry.deadlineMs) {
        throw await this.failure(outcome, clientRequestId, request, token, attempt + 1);
      }
      const reason = response
        ? `${response.status}`
        : ((outcome as { code?: string }).code ?? "NetworkError");
      this.options.onRetry?.({ connectorId, attempt: attempt + 1, waitMs, reason });
      await sleep(waitMs);
    }
  }

  private async request(method: string, path: string, data: object | undefined, token: string, id: string) {
    try {
      const response = await axios.request({
        method,
        url: `${this.base}${path}`,
        data,
        httpsAgent: this.options.httpsAgent,
        timeout: this.options.requestTimeoutMs ?? 60_000,
        maxRedirects: 0,
        proxy: false,
        validateStatus: () => true,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
          "Content-Type": "application/json",
          "client-request-id": id,
          "return-client-request-id": "true",
          "User-Agent": `${packageName}/${packageVersion}`,
        },
      });
      return { response } as Failure;
    } catch (error: any) {
      // Only the code and message are kept: an axios error also carries the request and its Authorization header.
      return {
        code: error?.code === undefined ? undefined : String(error.code),
        message: String(error?.message ?? error),
      } as Failure;
    }
  }

  private async failure(
    outcome: Failure,
    clientRequestId: string,
    { connectorId, listOnNotFound }: GraphRequest,
    token: string,
    attempts: number,
  ) {
    const { tenantId } = this.options;
    const what = connectorId
      ? `connector '${connectorId}' in tenant ${tenantId}`
      : `the connectors of tenant ${tenantId}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    if (!("response" in outcome)) {
      const timeout = outcome.code === "ECONNABORTED";
      return new ConnectorSyncError(`Could not reach Graph for ${what}${tries}: ${outcome.message}`, {
        code: timeout ? "Timeout" : "NetworkError",
        networkCode: timeout ? undefined : outcome.code,
        attempts,
        clientRequestId,
        connectorId,
        tenantId,
      });
    }
    const { response } = outcome;
    const body = response.data?.error ?? {};
    const status = response.status;
    const connectorIds =
      status === 404 && listOnNotFound ? await this.listConnectorIds().catch(() => undefined) : undefined;
    const roles = status === 403 ? rolesOf(token) : undefined;
    return new ConnectorSyncError(`Graph answered ${status} for ${what}${tries}`, {
      code: "GraphError",
      status,
      graphCode: String(body.code ?? response.statusText ?? "Error"),
      attempts,
      graphMessage: typeof body.message === "string" ? body.message : undefined,
      ...receiptOf(response, clientRequestId),
      connectorId,
      tenantId,
      roles,
      connectorIds,
    });
  }
}

function receiptOf(response: AxiosResponse, clientRequestId: string): GraphReceipt {
  const inner = response.data?.error?.innerError ?? {};
  return {
    requestId: response.headers["request-id"] ?? inner["request-id"],
    clientRequestId,
    date: response.headers.date ?? inner.date,
  };
}

function rolesOf(token: string): string[] {
  try {
    const claims = decodeJwt(token);
    return [
      ...((claims.roles as string[]) ?? []),
      ...String(claims.scp ?? "")
        .split(" ")
        .filter(Boolean),
    ];
  } catch {
    return [];
  }
}
