import { randomUUID } from "node:crypto";
import type { Agent } from "node:http";
import type { AxiosResponse } from "axios";
import { ConnectorSyncError } from "../errors";
import { untrusted } from "../redact";
import { failureOf, type GaveUp } from "./failure";
import { call, type GraphReceipt, type HttpOptions, isGraphNotFound, receiptOf, record } from "./http";
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

export type { GraphReceipt } from "./http";
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
  /** beta or v1.0: the path's first segment. */
  apiVersion: string;
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

/** An entity of Graph's, or a singleton: where it is, and what errors call it. */
export interface EntityRef {
  /** The entity set's or the singleton's path after the version, such as deviceAppManagement/vppTokens. */
  path: string;
  /** The key in the entity set; absent for a singleton. */
  id?: string;
  /** What one is called in errors and lines: "connector", "VPP token", "Windows Autopilot settings". */
  noun: string;
  /** And more than one: "connectors". */
  plural: string;
}

/** An entity as Graph sent it: any JSON object, read field by field by whoever asked for it. */
export type Entity = Record<string, unknown>;

interface GraphRequest {
  method: "GET" | "POST";
  ref: EntityRef;
  /** A list of the entity set: the ref's id is not used. */
  list?: boolean;
  /** The bound action's segment after the entity, for a POST. */
  action?: string;
  /** Statuses that, with no Retry-After, are the action's own rule, not throttling: given up at once, for the caller to wait out. */
  ruled?: readonly number[];
  /** When the caller's own deadline passes (ms on the client's clock): no retry waits past it either. */
  deadlineAt?: number;
  data?: object;
  /** The properties to ask for ($select); all of them when absent. */
  select?: readonly string[];
  /** A next page's URL, as Graph gave it (checked to be within the collection), in place of the one built. */
  page?: string;
}

/** The most pages a listing follows, and entries it keeps: a tenant has a few of each, so more is a server that never ends. */
const maxPages = 100;
const maxListed = 10_000;

type Attempts =
  | { kind: "answered"; response: AxiosResponse<unknown>; receipt: GraphReceipt }
  | ({ kind: "gaveUp" } & GaveUp);

/** What a listing read: the entries whose id is a plain segment, and what it could not. */
export interface Listed {
  entities: Entity[];
  /** Graph named a page that was not read. */
  more: boolean;
  /** Entries left out: their id was missing, not a string, or not one plain path segment. */
  dropped: number;
}

/** Microsoft Graph for one tenant and API version: reads, lists and the bound actions of any entity. */
export class GraphClient {
  private readonly origin: string;
  private readonly retry: RetryOptions;
  private readonly clock: Clock;
  private readonly http: HttpOptions;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = assertSafeEndpoint(options.endpoint, "The Graph endpoint").origin;
    this.retry = { ...retryDefaults, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.http = {
      httpsAgent: options.httpsAgent,
      timeoutMs: options.requestTimeoutMs ?? defaultRequestTimeoutMs,
    };
  }

  /**
   * POST .../{id}/{action} (or .../{singleton}/{action}): the receipt. An answer's body is not
   * returned: VPP's carries Apple's token. A 404 of an entity set's key costs one more GET, the
   * tenant's list of that set, which the error names and which confirms that the entity is gone (see
   * `send`). `ruled` and `deadlineAt`: see GraphRequest.
   */
  async post(
    ref: EntityRef,
    action: string,
    { data, ruled, deadlineAt }: Pick<GraphRequest, "data" | "ruled" | "deadlineAt"> = {},
  ): Promise<GraphReceipt> {
    return (await this.send({ method: "POST", ref, action, data, ruled, deadlineAt })).receipt;
  }

  /** The entity, with only the properties asked for. A 404 as for `post`. */
  async get(ref: EntityRef, select: readonly string[]): Promise<Entity> {
    const { response } = await this.send({ method: "GET", ref, select });
    return record(response.data);
  }

  /**
   * The tenant's entities of the ref's set, every page of them: Graph's @odata.nextLink is followed
   * while it stays within this collection on this origin (the token goes wherever it points), for 100
   * pages and 10,000 entries at most. An entry whose id is not one plain path segment is no entity a
   * sync could name: it is left out, and counted.
   */
  async list(ref: EntityRef, select?: readonly string[]): Promise<Listed> {
    const entries: Entity[] = [];
    let page: string | undefined;
    for (let pages = 0; ; pages++) {
      const { response } = await this.send({ method: "GET", ref, list: true, select, page });
      const { value, "@odata.nextLink": next } = record(response.data);
      // Bounded in all, not per page: what a server sends past the bound is never held.
      if (Array.isArray(value))
        for (const entry of value.slice(0, maxListed - entries.length)) entries.push(record(entry));
      if (next === undefined) break;
      page = this.withinCollection(ref, next);
      if (page === undefined || pages + 1 >= maxPages || entries.length >= maxListed) {
        return { ...named(entries), more: true };
      }
    }
    return { ...named(entries), more: false };
  }

  private url(ref: EntityRef) {
    return `${this.origin}/${this.options.apiVersion}/${ref.path}`;
  }

  /** A next page's URL when it is this collection's, on this origin; else undefined, and it is not followed. */
  private withinCollection(ref: EntityRef, next: unknown): string | undefined {
    if (typeof next !== "string" || next.length > 4096) return undefined;
    try {
      const url = new URL(next);
      const collection = new URL(this.url(ref));
      return url.origin === collection.origin && url.pathname === collection.pathname ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** The keys of the tenant's entities of the set, or undefined when some page was not read: then a missing key proves nothing. */
  private async listIds(ref: EntityRef): Promise<string[] | undefined> {
    const { entities, more } = await this.list(ref, ["id"]);
    return more ? undefined : entities.map((entity) => entity.id as string);
  }

  private async send(request: GraphRequest) {
    const entityId = request.list ? undefined : request.ref.id;
    // check refuses such an id first; this guards a direct call, before any token is asked for.
    if (entityId !== undefined && !isPlainSegment(entityId)) {
      throw new ConnectorSyncError(
        `The ${request.ref.noun} id ${JSON.stringify(untrusted(entityId, 100))} is not allowed`,
        { code: "InvalidInput", hint: `An id is ${segmentRule}.` },
      );
    }
    const run = () => this.attempts(request);
    const result = await (this.options.limit ? this.options.limit(run) : run());
    if (result.kind === "answered") return result;
    const { outcome } = result;
    // An entity is gone only when Graph itself says so, and its tenant's list, read after the 404,
    // does not hold it: a refresh drops the resource on this alone. The list is read outside the
    // tenant's limit, so that it waits for a place of its own; a list that fails, or whose pages were
    // not all read, confirms nothing. A singleton has no list: its 404 is never taken for gone.
    const graphSaid404 = outcome.kind === "answer" && isGraphNotFound(outcome.response);
    const entityIds =
      graphSaid404 && entityId !== undefined
        ? await this.listIds(request.ref).catch(() => undefined)
        : undefined;
    const gone = entityIds !== undefined && !entityIds.includes(entityId!);
    const list = request.list === true;
    const called = { ref: request.ref, list, tenantId: this.options.tenantId };
    const absent = graphSaid404 && !list && request.ref.id === undefined;
    throw failureOf(result, { ...called, entityIds, gone, absent });
  }

  private async attempts(request: GraphRequest): Promise<Attempts> {
    const { method, ref, data, select } = request;
    const key = request.list || ref.id === undefined ? "" : `/${encodeURIComponent(ref.id)}`;
    const action = request.action ? `/${request.action}` : "";
    const query = select ? `?$select=${select.join(",")}` : "";
    const entityId = request.list ? undefined : ref.id;
    const started = this.clock.now();
    const deadline = Math.min(
      started + this.retry.deadlineMs,
      request.deadlineAt ?? Number.POSITIVE_INFINITY,
    );
    // The fresh token asked for after Graph refused a cached one: once per call.
    let renewed: string | undefined;
    for (let attempt = 0; ; attempt++) {
      if (method === "POST") await this.options.beforeWrite?.();
      const { token, cached } = await this.options.tokens.get();
      // Last, after the pace and the token, either of which may take long: it holds when the write leaves.
      if (method === "POST") await this.options.beforeSend?.();
      const clientRequestId = randomUUID();
      const url = request.page ?? `${this.url(ref)}${key}${action}${query}`;
      const outcome = await call({ method, url, data, token, clientRequestId }, this.http);
      if (outcome.kind === "answer" && outcome.response.status >= 200 && outcome.response.status < 300) {
        return {
          kind: "answered",
          response: outcome.response,
          receipt: receiptOf(outcome.response, clientRequestId),
        };
      }
      const { retryable, retryAfterMs, reason } = judge(outcome, this.clock.now());
      const status = outcome.kind === "answer" ? outcome.response.status : 0;
      const byRule = request.ruled?.includes(status) === true && retryAfterMs === undefined;
      const waitMs = nextWait(attempt, retryAfterMs, this.retry);
      const gaveUp = { kind: "gaveUp", outcome, clientRequestId, token, attempts: attempt + 1 } as const;
      const entity = request.list
        ? `the ${ref.plural}`
        : entityId
          ? `${ref.noun} ${entityId}`
          : `the ${ref.noun}`;
      const notice = { entity, attempt: attempt + 1 };
      if (outcome.kind === "answer" && outcome.response.status === 401) {
        // A cached token may have been revoked, or have expired early; a fresh one refused is final.
        if (renewed !== undefined) return { ...gaveUp, refusedToken: "renewed" };
        if (!cached) return { ...gaveUp, refusedToken: "fresh" };
        if (attempt + 1 >= this.retry.maxAttempts)
          return { ...gaveUp, refusedToken: "cached", limit: "attempts" };
        this.options.onRetry?.({ ...notice, waitMs: 0, reason: "401 to a cached token", freshToken: true });
        renewed = await this.options.tokens.renew(token);
        continue;
      }
      if (!retryable || byRule) return gaveUp;
      if (attempt + 1 >= this.retry.maxAttempts) return { ...gaveUp, limit: "attempts" };
      if (this.clock.now() + waitMs > deadline) return { ...gaveUp, limit: "deadline" };
      this.options.onRetry?.({ ...notice, waitMs, reason });
      await this.clock.sleep(waitMs);
    }
  }
}

/** The entries whose id is one plain path segment, and how many were not. */
function named(entries: Entity[]) {
  const entities = entries.filter((entry) => isPlainSegment(entry.id));
  return { entities, dropped: entries.length - entities.length };
}
