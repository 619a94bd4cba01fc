// What a resource's state holds: its inputs as `check` gave them, and `recorded`, what its syncs,
// refreshes and waits saw. One property for the whole record, because the SDK spends time on each
// registered property of each resource in every preview and `up` (see resource.ts).
import type { ConnectorSyncErrorCode } from "../errors";
import type { OutputSpec } from "./common";
import { defined, type Flat } from "./declare";

/** A sync that failed after its retries, or that the entity reported as failed, and waits for the next `up`. */
export interface SyncFailure {
  /** The ConnectorSyncError's code: GraphError, Timeout, NetworkError, SyncFailed… */
  code: ConnectorSyncErrorCode;
  /** Graph's HTTP status, when it answered. */
  status?: number;
  /** Graph's own error code, as it said it. */
  graphCode?: string;
  /** What the entity reported about the failed sync, such as `lastSyncStatus "failed"`. */
  reported?: string;
  /** What Microsoft support asks for about the last attempt. */
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  /** Intune's Operation ID, when Graph forwarded Intune's refusal: what Intune support asks for. */
  operationId?: string;
}

type AnyOutputs = Record<string, OutputSpec<unknown, boolean>>;
type Always<Os extends AnyOutputs> = {
  [K in keyof Os]: Os[K] extends OutputSpec<unknown, true> ? K : never;
}[keyof Os];
type ValueOf<D> = D extends OutputSpec<infer Value, boolean> ? Value : never;

/** What syncs, refreshes and waits recorded, as an action's outputs declare it. */
export type RecordOf<Os extends AnyOutputs> = Flat<
  { [K in keyof Pick<Os, Always<Os>>]: ValueOf<Os[K]> } & {
    [K in keyof Omit<Os, Always<Os>>]?: ValueOf<Os[K]>;
  }
>;

/**
 * What the core itself reads and writes of any record; the action names the two whose names are its
 * own (ConnectorSync's `connectorFound` and `connectorHealthy`, kept for its states).
 */
export interface CoreRecord {
  syncCount: number;
  lastSyncRequestedAt?: string;
  lastRequestId?: string;
  lastClientRequestId?: string;
  syncPending: boolean;
  syncFailure?: SyncFailure;
  [observed: string]: unknown;
}

/** A state as this version writes it; a development build of 0.1 wrote `recorded`'s values flat beside the inputs. */
export type StoredState = Record<string, unknown> & { recorded?: CoreRecord };

/** What a state recorded. A flat one holds every output that is always there, as that build wrote them. */
export const recordedOf = (state: StoredState, outputNames: readonly string[]): CoreRecord =>
  state.recorded ?? (defined(state, outputNames) as CoreRecord);

/** What a state holds of the inputs, without what it recorded. */
export const inputsOf = (state: StoredState, inputNames: readonly string[]): Record<string, unknown> =>
  defined(state, inputNames);

/** The state: the inputs as given, and the record, replacing the old one whole. */
export const stateOf = (given: Record<string, unknown>, recorded: CoreRecord) => ({
  ...given,
  recorded: defined(recorded) as CoreRecord,
});
