import { untrusted } from "./redact";

/**
 * Every code a ConnectorSyncError carries, with what it means. The code is
 * ours; what Graph itself said is in `graphCode` and `graphMessage`.
 */
export const errorCodes = {
  GraphError:
    "Graph answered with an error status (`status`; Graph's own words in `graphCode`, `graphMessage`)",
  Timeout: "Graph, Entra ID or a pipeline's OIDC service did not answer within the request timeout",
  NetworkError:
    "no answer: the connection failed, or a proxy refused the tunnel (`networkCode` says how: EPROXYCONNECT)",
  InvalidEndpoint: "an endpoint is not a URL, or would send a token over plain http off loopback",
  InvalidInput: "a value that `check` refuses reached the Graph client another way (a direct call)",
  InvalidSetting: "a provider setting has a value it cannot have (`setting` names it)",
  AuthenticationFailed: "no Graph token: a credential setting is missing, or Entra ID refused",
  SyncTimeout: "the sync was requested and recorded, but had not completed when waitForCompletion gave up",
  SyncFailed:
    "the sync was requested and recorded, and the entity then reported it failed (its value is named)",
  SyncHeldBack:
    "an action's rule (a minimum interval, a sync still running) held the sync back past `connectorSync:retryDeadlineSeconds`; nothing was sent",
  SyncRefused: "the entity's own state rules out any sync (Managed Google Play not bound); nothing was sent",
  Internal: "a failure this package did not foresee (a bug to report); its message is kept, redacted",
  InvalidArgument:
    "an argument of a discovery function (`getExchangeConnectors`, `getVppTokens`, `getDepOnboardingSettings`) has a value it cannot have",
} as const;

export type ConnectorSyncErrorCode = keyof typeof errorCodes;

/** A token Graph refused (401): see `refusedToken`. */
export type RefusedToken = "fresh" | "renewed" | "cached";

export interface ConnectorSyncErrorDetails {
  code: ConnectorSyncErrorCode;
  /** The HTTP status Graph answered, when there was an answer. */
  status?: number;
  /** Graph's `error.code`, as Graph said it. */
  graphCode?: string;
  /**
   * Graph's `error.message`, as Graph said it; when Graph forwards Intune's refusal, the sentence of
   * Intune's envelope (its ids are `operationId` and `activityId`), never the envelope's JSON.
   */
  graphMessage?: string;
  /** Intune's "Operation ID (for customer support)", when Graph forwarded Intune's refusal. */
  operationId?: string;
  /** Intune's "Activity ID" (Graph's request-id as Intune saw it), when Graph forwarded Intune's refusal. */
  activityId?: string;
  /** The socket's or the HTTP library's code when there was no answer, such as ECONNREFUSED. */
  networkCode?: string;
  /** Graph's request-id; when Entra ID refused a token, its Trace ID. */
  requestId?: string;
  /** The client-request-id this package sent; when Entra ID refused a token, its Correlation ID. */
  clientRequestId?: string;
  /** When Graph answered; when Entra ID refused a token, its Timestamp. */
  date?: string;
  /** The key of the entity the request named (a connector's, a VPP token's…); absent for a singleton. */
  entityId?: string;
  /** ConnectorSync's name for `entityId`, kept for the programs that read it. */
  connectorId?: string;
  tenantId?: string;
  /** The setting (config key or environment variable) whose value is at fault. */
  setting?: string;
  /** How many requests were made, retries included. */
  attempts?: number;
  /** The roles and scopes the token carried, read from its claims after a 403. */
  roles?: string[];
  /** The keys of the tenant's entities of that set, listed after Graph's own 404. */
  entityIds?: string[];
  /** ConnectorSync's name for `entityIds`, kept for the programs that read it. */
  connectorIds?: string[];
  /** After a 403: the permissions Intune's own refusal says that one of is needed. */
  scopes?: string[];
  /**
   * A 404 that means the entity does not exist: Graph's own answer (its error code and request-id),
   * and the tenant's list, read after it, without the entity. Any other 404 (a gateway's, a wrong
   * endpoint's) is a GraphError like any other, and never drops a resource.
   */
  gone?: boolean;
  /** Graph's own 404 for a singleton (its error code and request-id): the tenant has none. */
  absent?: boolean;
  /**
   * After a 401, which token Graph refused: one Entra ID had just issued (`fresh`); a cached one,
   * and then a fresh one too (`renewed`); or a cached one, with no attempt left for a fresh one (`cached`).
   */
  refusedToken?: RefusedToken;
  /** What to do about it. */
  hint?: string;
}

// The fields are declared once, by ConnectorSyncErrorDetails; the constructor copies them on.
export interface ConnectorSyncError extends Readonly<ConnectorSyncErrorDetails> {}

/**
 * The one error this package throws for anything that went wrong. It carries
 * what Microsoft support asks for (request-id, client-request-id, date) and
 * never a token, a secret or a request header.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the constructor assigns every field of the interface
export class ConnectorSyncError extends Error {
  override readonly name = "ConnectorSyncError";
  /** The first line of the message, without Graph's words, the hint or the ids. */
  readonly summary: string;

  constructor(summary: string, details: ConnectorSyncErrorDetails) {
    super(compose(summary, details));
    this.summary = summary;
    Object.assign(this, details);
  }
}

/** Whether `error` is a ConnectorSyncError, and when `status` is given, an answer with that status. */
export function isConnectorSyncError(error: unknown, status?: number): error is ConnectorSyncError {
  return error instanceof ConnectorSyncError && (status === undefined || error.status === status);
}

/** Whether `error` says the entity is gone (see `gone`). */
export const isGone = (error: unknown): error is ConnectorSyncError =>
  error instanceof ConnectorSyncError && error.gone === true;

/** Any failure as a ConnectorSyncError: one this package did not foresee keeps its message, redacted. */
export function asConnectorSyncError(error: unknown): ConnectorSyncError {
  if (error instanceof ConnectorSyncError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ConnectorSyncError(`Unexpected failure: ${untrusted(message)}`, { code: "Internal" });
}

/** The same error with a hint, for a layer that knows better what to advise than the one that threw. */
export function withHint(error: ConnectorSyncError, hint: string | undefined): ConnectorSyncError {
  if (!hint) return error;
  const { name: _, message: __, stack: ___, summary, ...details } = error;
  return new ConnectorSyncError(summary, { ...details, hint });
}

/**
 * What the engine reads from an error thrown after the resource came to exist:
 * it records `id` with `properties` in the state and shows `reasons`.
 */
export interface PartialFailure {
  id: string;
  properties: object;
  reasons: string[];
}

/** Marks a failure that followed a sync: the engine keeps the sync in the state, so the next `up` does not repeat it. */
export function partialFailure(error: unknown, id: string, properties: object): Error & PartialFailure {
  const failure = error instanceof Error ? error : new Error(String(error));
  return Object.assign(failure, { id, properties, reasons: [failure.message] });
}

// Entra ID calls the same ids its own way, and its support asks for them by those names.
const idNames = {
  graph: ["request-id", "client-request-id", "date"],
  entra: ["trace-id", "correlation-id", "timestamp"],
};

function compose(summary: string, d: ConnectorSyncErrorDetails): string {
  const said = d.graphMessage ? `: ${d.graphMessage}` : "";
  const [request, client, date] = idNames[d.code === "AuthenticationFailed" ? "entra" : "graph"];
  const ids = [
    d.status !== undefined ? `status ${d.status} ${d.graphCode ?? ""}`.trim() : d.code,
    d.networkCode,
    d.requestId && `${request} ${d.requestId}`,
    d.clientRequestId && `${client} ${d.clientRequestId}`,
    d.date && `${date} ${d.date}`,
    d.operationId && `operation-id ${d.operationId}`,
    // The activity is the request-id as Intune saw it: shown only when it says something new.
    d.activityId && d.activityId !== d.requestId && `activity-id ${d.activityId}`,
  ].filter(Boolean);
  return [`${summary}${said}`, d.hint, `(${ids.join(", ")})`].filter(Boolean).join("\n");
}
