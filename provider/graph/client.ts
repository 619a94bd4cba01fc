import { randomUUID } from "node:crypto";
import type { Agent } from "node:http";
import type { AxiosResponse } from "axios";
import { ConnectorSyncError } from "../errors";
import type { ApiVersion, SyncType } from "../inputs";
import { untrusted } from "../redact";
import { failureOf, type GaveUp } from "./failure";
import {
  call,
  connectorFields,
  connectorOf,
  type ExchangeConnector,
  type GraphReceipt,
  type HttpOptions,
  isGraphNotFound,
  receiptOf,
  record,
} from "./http";
import {
  type Clock,
  defaultRequestTimeoutMs,
  judge,
  nextWait,
  type RetryNotice,
  type RetryOptions,
  retryDefaults,
  systemClock,
} from "./retry";
import { isPlainSegment, segmentRule } from "./segment";
import { assertSafeEndpoint } from "./transport";

export type { ExchangeConnector, GraphReceipt } from "./http";
export type { Clock, RetryNotice } from "./retry";

/** Where the client's bearer tokens come from: Entra ID, through a cache. */
export interface TokenSource {
  /** A token, and whether it came from a cache rather than from Entra ID for this request. */
  get(): Promise<{ token: string; cached: boolean }>;
  /**
   * A token fresh from Entra ID, past every cache, in place of `refused`, which Graph refused.
   * Callers refused the same token share one fresh token.
   */
  renew(refused: string): Promise<string>;
}

export interface GraphClientOptions {
  /** Graph's bare origin, such as https://graph.microsoft.com; the version is added per request. */
  endpoint: string;
  apiVersion: ApiVersion;
  tenantId: string;
  tokens: TokenSource;
  httpsAgent?: Agent;
  requestTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Runs each request, retries included, under the tenant's concurrency limit. */
  limit?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Awaited before each write (a sync POST, retries included): the caller's own rate limit. */
  beforeWrite?: () => Promise<void>;
  /** Awaited just before each write leaves, its token in hand: the caller's last say (it may end the process). */
  beforeSend?: () => Promise<void>;
  /** Told before each wait, so that the caller can say why nothing happens. */
  onRetry?: (retry: RetryNotice) => void;
  /** For the waits between attempts and the retry deadline; the system clock by default. */
  clock?: Clock;
}

interface GraphRequest {
  method: "GET" | "POST";
  /** Absent for the list of connectors. */
  connectorId?: string;
  suffix: "" | "/sync";
  data?: object;
  /** The properties to ask for ($select); all of them when absent. */
  select?: readonly string[];
  /** A next page's URL, as Graph gave it (checked to be within the collection), in place of the one built. */
  page?: string;
}

/** The most pages a listing follows, and entries it keeps: a tenant has a few connectors, so more is a server that never ends. */
const maxPages = 100;
const maxListed = 10_000;

type Attempts =
  | { kind: "answered"; response: AxiosResponse<unknown>; receipt: GraphReceipt }
  | ({ kind: "gaveUp" } & GaveUp);

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
   * POST .../{id}/sync; Graph answers 204 No Content. A 404 costs one more GET, the tenant's list of
   * connectors, which the error names and which confirms that the connector is gone (see `send`).
   */
  async sync(connectorId: string, syncType: SyncType): Promise<GraphReceipt> {
    const request = { method: "POST", connectorId, suffix: "/sync", data: { syncType } } as const;
    return (await this.send(request)).receipt;
  }

  /** The connector's id, status and lastSyncDateTime, all that a wait or a refresh reads. A 404 as for `sync`. */
  async getConnector(connectorId: string): Promise<ExchangeConnector> {
    const request = { method: "GET", connectorId, suffix: "", select: connectorFields } as const;
    const { response } = await this.send(request);
    return connectorOf(response.data, connectorId);
  }

  /**
   * The tenant's connectors, every page of them: Graph's @odata.nextLink is followed while it stays
   * within this collection on this origin (the token goes wherever it points), for 100 pages at most.
   * `more` says that Graph named a page this did not read. An entry whose id is not one plain path
   * segment (missing, not a string, too long) is no connector a sync could name: it is left out, and
   * counted in `dropped`.
   */
  async listConnectors(
    select?: readonly string[],
  ): Promise<{ connectors: ExchangeConnector[]; more: boolean; dropped: number }> {
    const entries: Record<string, unknown>[] = [];
    let page: string | undefined;
    for (let pages = 0; ; pages++) {
      const { response } = await this.send({ method: "GET", suffix: "", select, page });
      const { value, "@odata.nextLink": next } = record(response.data);
      // Bounded in all, not per page: what a server sends past the bound is never held.
      if (Array.isArray(value))
        for (const entry of value.slice(0, maxListed - entries.length)) entries.push(record(entry));
      if (next === undefined) break;
      page = this.withinCollection(next);
      if (page === undefined || pages + 1 >= maxPages || entries.length >= maxListed) {
        return { ...this.named(entries), more: true };
      }
    }
    return { ...this.named(entries), more: false };
  }

  private named(entries: Record<string, unknown>[]) {
    const named = entries.filter((entry) => isPlainSegment(entry.id));
    const connectors = named.map((entry) => connectorOf(entry, entry.id as string));
    return { connectors, dropped: entries.length - named.length };
  }

  /** A next page's URL when it is this collection's, on this origin; else undefined, and it is not followed. */
  private withinCollection(next: unknown): string | undefined {
    if (typeof next !== "string" || next.length > 4096) return undefined;
    try {
      const url = new URL(next);
      return url.origin === new URL(this.base).origin && url.pathname === new URL(this.base).pathname
        ? url.href
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** The tenant's connector ids, or undefined when some page was not read: then a missing id proves nothing. */
  async listConnectorIds(): Promise<string[] | undefined> {
    const { connectors, more } = await this.listConnectors(["id"]);
    return more ? undefined : connectors.map((connector) => connector.id);
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
    const { outcome } = result;
    // A connector is gone only when Graph itself says so, and its tenant's list, read after the 404,
    // does not hold it: a refresh drops the resource on this alone. The list is read outside the
    // tenant's limit, so that it waits for a place of its own; a list that fails, or whose pages were
    // not all read, confirms nothing.
    const graphSaid404 = outcome.kind === "answer" && isGraphNotFound(outcome.response);
    const connectorIds =
      graphSaid404 && connectorId !== undefined
        ? await this.listConnectorIds().catch(() => undefined)
        : undefined;
    const gone = connectorIds !== undefined && !connectorIds.includes(connectorId!);
    throw failureOf(result, { connectorId, tenantId: this.options.tenantId, connectorIds, gone });
  }

  private async attempts(request: GraphRequest): Promise<Attempts> {
    const { method, connectorId, suffix, data, select } = request;
    const path = connectorId === undefined ? "" : `/${encodeURIComponent(connectorId)}${suffix}`;
    const query = select ? `?$select=${select.join(",")}` : "";
    const started = this.clock.now();
    // The fresh token asked for after Graph refused a cached one: once per call.
    let renewed: string | undefined;
    for (let attempt = 0; ; attempt++) {
      if (method === "POST") await this.options.beforeWrite?.();
      const { token, cached } = await this.options.tokens.get();
      // Last, after the pace and the token, either of which may take long: it holds when the write leaves.
      if (method === "POST") await this.options.beforeSend?.();
      const clientRequestId = randomUUID();
      const url = request.page ?? `${this.base}${path}${query}`;
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
      if (outcome.kind === "answer" && outcome.response.status === 401) {
        // A cached token may have been revoked, or have expired early; a fresh one refused is final.
        if (renewed !== undefined) return { ...gaveUp, refusedToken: "renewed" };
        if (!cached) return { ...gaveUp, refusedToken: "fresh" };
        if (attempt + 1 >= this.retry.maxAttempts)
          return { ...gaveUp, refusedToken: "cached", limit: "attempts" };
        const notice = { connectorId, attempt: attempt + 1, waitMs: 0, reason: "401 to a cached token" };
        this.options.onRetry?.({ ...notice, freshToken: true });
        renewed = await this.options.tokens.renew(token);
        continue;
      }
      if (!retryable) return gaveUp;
      if (attempt + 1 >= this.retry.maxAttempts) return { ...gaveUp, limit: "attempts" };
      if (this.clock.now() + waitMs - started > this.retry.deadlineMs)
        return { ...gaveUp, limit: "deadline" };
      this.options.onRetry?.({ connectorId, attempt: attempt + 1, waitMs, reason });
      await this.clock.sleep(waitMs);
    }
  }
}
