import { randomUUID } from "node:crypto";
import type { Agent } from "node:http";
import type { AxiosResponse } from "axios";
import { ConnectorSyncError } from "../errors";
import type { ApiVersion, SyncType } from "../inputs";
import { untrusted } from "../redact";
import {
  call,
  connectorOf,
  type ExchangeConnector,
  type GraphReceipt,
  graphError,
  type HttpOptions,
  type Outcome,
  receiptOf,
  record,
  rolesOf,
} from "./http";
import {
  type Clock,
  defaultRequestTimeoutMs,
  judge,
  nextWait,
  type RetryOptions,
  retryDefaults,
  systemClock,
} from "./retry";
import { isPlainSegment, segmentRule } from "./segment";
import { assertSafeEndpoint } from "./transport";

export type { ExchangeConnector, GraphReceipt } from "./http";
export type { Clock } from "./retry";

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
  /** For the waits between attempts and the retry deadline; the system clock by default. */
  clock?: Clock;
}

export interface RetryNotice {
  connectorId?: string;
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface NotFoundOptions {
  /**
   * The caller takes a 404 as an answer, not as an error to show: the client
   * then spends no second request on listing the tenant's connectors for it.
   */
  expectNotFound?: boolean;
}

interface GraphRequest extends Required<NotFoundOptions> {
  method: "GET" | "POST";
  /** Absent for the list of connectors. */
  connectorId?: string;
  suffix: "" | "/sync";
  data?: object;
}

type Attempts =
  | { kind: "answered"; response: AxiosResponse<unknown>; receipt: GraphReceipt }
  | {
      kind: "gaveUp";
      outcome: Outcome;
      clientRequestId: string;
      token: string;
      attempts: number;
      /** Why no further attempt was made, when the answer could have been retried. */
      limit?: "attempts" | "deadline";
    };

/** Microsoft Graph's deviceManagement/exchangeConnectors, for one tenant and API version. */
export class GraphClient {
  private readonly base: string;
  private readonly retry: RetryOptions;
  private readonly clock: Clock;
  private readonly http: HttpOptions;

  constructor(private readonly options: GraphClientOptions) {
    const origin = assertSafeEndpoint(options.endpoint, "The Graph endpoint").origin;
    this.base = `${origin}/${options.apiVersion}/deviceManagement/exchangeConnectors`;
    this.retry = { ...retryDefaults, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.http = {
      httpsAgent: options.httpsAgent,
      timeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    };
  }

  /**
   * POST .../{id}/sync; Graph answers 204 No Content. A 404 costs one more GET,
   * to list the tenant's connectors in the error, unless it is expected.
   */
  async sync(connectorId: string, syncType: SyncType, options: NotFoundOptions = {}): Promise<GraphReceipt> {
    const { expectNotFound = false } = options;
    const request = { method: "POST", connectorId, suffix: "/sync", data: { syncType } } as const;
    return (await this.send({ ...request, expectNotFound })).receipt;
  }

  /** A 404 here is left to the caller (a refresh drops the resource), so it lists nothing. */
  async getConnector(connectorId: string): Promise<ExchangeConnector> {
    const { response } = await this.send({ method: "GET", connectorId, suffix: "", expectNotFound: true });
    return connectorOf(response.data, connectorId);
  }

  /**
   * The tenant's connectors, as the first page of Graph's answer holds them. `more` says that Graph
   * pages the collection (an @odata.nextLink), which this client does not follow.
   */
  async listConnectors(): Promise<{ connectors: ExchangeConnector[]; more: boolean }> {
    const { response } = await this.send({ method: "GET", suffix: "", expectNotFound: false });
    const { value, "@odata.nextLink": next } = record(response.data);
    const connectors = Array.isArray(value)
      ? value.map((c) => connectorOf(c, untrusted(record(c).id, 100)))
      : [];
    return { connectors, more: next !== undefined };
  }

  async listConnectorIds(): Promise<string[]> {
    return (await this.listConnectors()).connectors.map((connector) => connector.id);
  }

  private async send(request: GraphRequest) {
    const { connectorId } = request;
    // check refuses such an id first; this guards a direct call, before any token is asked for.
    if (connectorId !== undefined && !isPlainSegment(connectorId)) {
      throw new ConnectorSyncError(
        `The connector id ${JSON.stringify(untrusted(connectorId, 100))} is not allowed`,
        {
          code: "InvalidInput",
          hint: `A connector id is ${segmentRule}.`,
        },
      );
    }
    const run = () => this.attempts(request);
    const result = await (this.options.limit ? this.options.limit(run) : run());
    if (result.kind === "answered") return result;
    // Outside the tenant's limit, so that the listing after a 404 waits for a place of its own.
    throw await this.failure(request, result);
  }

  private async attempts(request: GraphRequest): Promise<Attempts> {
    const { method, connectorId, suffix, data } = request;
    const path = connectorId === undefined ? "" : `/${encodeURIComponent(connectorId)}${suffix}`;
    const started = this.clock.now();
    for (let attempt = 0; ; attempt++) {
      const clientRequestId = randomUUID();
      const token = await this.options.getToken();
      const url = `${this.base}${path}`;
      const outcome = await call({ method, url, data, token, clientRequestId }, this.http);
      if (outcome.kind === "answer" && outcome.response.status >= 200 && outcome.response.status < 300) {
        return {
          kind: "answered",
          response: outcome.response,
          receipt: receiptOf(outcome.response, clientRequestId),
        };
      }
      const { retryable, retryAfterMs, reason } = judge(outcome, this.clock.now());
      const waitMs = nextWait(attempt, retryAfterMs, this.retry);
      const gaveUp = { kind: "gaveUp", outcome, clientRequestId, token, attempts: attempt + 1 } as const;
      if (!retryable) return gaveUp;
      if (attempt + 1 >= this.retry.maxAttempts) return { ...gaveUp, limit: "attempts" };
      if (this.clock.now() + waitMs - started > this.retry.deadlineMs)
        return { ...gaveUp, limit: "deadline" };
      this.options.onRetry?.({ connectorId, attempt: attempt + 1, waitMs, reason });
      await this.clock.sleep(waitMs);
    }
  }

  private async failure(request: GraphRequest, gaveUp: Extract<Attempts, { kind: "gaveUp" }>) {
    const { connectorId, expectNotFound } = request;
    const { outcome, clientRequestId, attempts } = gaveUp;
    const { tenantId } = this.options;
    const what = connectorId
      ? `connector '${connectorId}' in tenant ${tenantId}`
      : `the connectors of tenant ${tenantId}`;
    const limits = {
      attempts: ", the most it may make",
      deadline: ", and the next wait would pass the retry deadline",
    };
    const tries = `${attempts > 1 ? ` after ${attempts} attempts` : ""}${gaveUp.limit ? limits[gaveUp.limit] : ""}`;
    const ids = { attempts, clientRequestId, connectorId, tenantId };
    if (outcome.kind === "noAnswer") {
      const timeout = outcome.code === "ECONNABORTED";
      return new ConnectorSyncError(`Could not reach Graph for ${what}${tries}: ${outcome.message}`, {
        code: timeout ? "Timeout" : "NetworkError",
        networkCode: timeout ? undefined : outcome.code,
        ...ids,
      });
    }
    const { response } = outcome;
    const { status } = response;
    const { code, message, operationId, activityId } = graphError(response);
    const connectorIds =
      status === 404 && !expectNotFound ? await this.listConnectorIds().catch(() => undefined) : undefined;
    return new ConnectorSyncError(`Graph answered ${status} for ${what}${tries}`, {
      code: "GraphError",
      status,
      graphCode: code ?? untrusted(response.statusText || "Error", 100),
      graphMessage: message,
      operationId,
      activityId,
      ...ids,
      ...receiptOf(response, clientRequestId),
      roles: status === 403 ? rolesOf(gaveUp.token) : undefined,
      connectorIds,
    });
  }
}
