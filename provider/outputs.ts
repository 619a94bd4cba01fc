import { defined, type Flat } from "./declaration";
import type { ConnectorSyncErrorCode } from "./errors";
import { type CheckedInputs, type ConnectorSyncInputs, inputNames } from "./inputs";

/** A sync that failed after its retries and waits for the next `up` (onFailure: "warn"). */
export interface SyncFailure {
  /** The ConnectorSyncError's code: GraphError, Timeout or NetworkError. */
  code: ConnectorSyncErrorCode;
  /** Graph's HTTP status, when it answered. */
  status?: number;
  /** Graph's own error code, as it said it. */
  graphCode?: string;
  /** What Microsoft support asks for about the last attempt. */
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  /** Intune's Operation ID, when Graph forwarded Intune's refusal: what Intune support asks for. */
  operationId?: string;
}

/** A declared output: whether every state has it, and the docs' words. `Value` is a type only. */
interface OutputSpec<Value, Always extends boolean> {
  readonly always: Always;
  readonly meaning: string;
  readonly value?: Value;
}

const always = <Value>(meaning: string): OutputSpec<Value, true> => ({ always: true, meaning });
const sometimes = <Value>(meaning: string): OutputSpec<Value, false> => ({ always: false, meaning });

/**
 * What a sync, a refresh or a wait adds to the inputs, each declared once. The
 * resource's output properties and the docs' table of outputs follow from here.
 */
export const outputs = {
  /** How many syncs this resource has caused. */
  syncCount: always<number>("how many syncs this resource has caused"),
  /** When this resource last asked Graph for a sync (ISO 8601). */
  lastSyncRequestedAt: sometimes<string>("when it last asked for a sync (ISO 8601)"),
  /** Graph's request-id of the last sync, for Microsoft support. */
  lastRequestId: sometimes<string>("Graph's `request-id` of the last sync, for Microsoft support"),
  /** The client-request-id this package sent with the last sync. */
  lastClientRequestId: sometimes<string>("the `client-request-id` this package sent with the last sync"),
  /** False when the connector was not found and ignoreNotFound is set. */
  connectorFound: always<boolean>("`false` when the connector was missing and `ignoreNotFound` is set"),
  /** The connector's status, as the last refresh or wait read it. */
  connectorStatus: sometimes<string>("the connector's `status`, as the last `refresh` or wait read it"),
  /** The connector's lastSyncDateTime, as the last refresh or wait read it. */
  lastSyncDateTime: sometimes<string>(
    "the connector's `lastSyncDateTime`, as the last `refresh` or wait read it",
  ),
  /** True when the last sync failed under onFailure "warn": the next `up` tries again. */
  syncPending: always<boolean>(
    '`true` when the last sync failed and `onFailure` is `"warn"`: the next `up` tries again',
  ),
  /** While syncPending: what the failure was, and the ids Microsoft support asks for. */
  syncFailure: sometimes<SyncFailure>(
    "while `syncPending`: the failure's `code`, `status`, `graphCode`, `requestId`, `clientRequestId`, `date`, `operationId`",
  ),
  /** Whether the connector looked healthy when the last refresh or wait read it (see Connector health). */
  connectorHealthy: sometimes<boolean>(
    "`false` when the last `refresh` or wait found the connector unhealthy ([Connector health](#connector-health))",
  ),
};

type Outputs = typeof outputs;
type Always = {
  [K in keyof Outputs]: Outputs[K] extends OutputSpec<unknown, true> ? K : never;
}[keyof Outputs];
type ValueOf<D> = D extends OutputSpec<infer Value, boolean> ? Value : never;

export type OutputName = keyof Outputs;
export const outputNames = Object.keys(outputs) as OutputName[];

/** What syncs, refreshes and waits recorded. */
export type Recorded = Flat<
  { [K in keyof Pick<Outputs, Always>]: ValueOf<Outputs[K]> } & {
    [K in keyof Omit<Outputs, Always>]?: ValueOf<Outputs[K]>;
  }
>;

/** A resource as a program reads it: its inputs with their defaults, and what was recorded. */
export type ConnectorSyncOutputs = Flat<ConnectorSyncInputs & Recorded>;

/**
 * A resource as this version writes it to the state: its inputs as `check` gave them, and what was
 * recorded as one property, which the resource registers in place of each output (see resource.ts).
 */
export type ConnectorSyncState = Flat<CheckedInputs & { recorded: Recorded }>;
/** A state as the provider may find it: a development build wrote `recorded`'s values flat beside the inputs. */
export type StoredState = Flat<CheckedInputs & { recorded?: Recorded }>;

/** What a state recorded. A flat one holds every output that is always there, as that build wrote them. */
export const recordedOf = (state: StoredState): Recorded =>
  state.recorded ?? (defined(state, outputNames) as Recorded);

/** What a state holds of the inputs, without what it recorded. */
export const inputsOf = (state: StoredState): CheckedInputs => defined(state, inputNames) as CheckedInputs;
