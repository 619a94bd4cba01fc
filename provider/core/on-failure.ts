// onFailure: which failures a warning may stand for, and what a pending sync records.
import { type ConnectorSyncError, type ConnectorSyncErrorCode, isConnectorSyncError } from "../errors";
import type { SyncFailure } from "./record";

/**
 * What Graph, the network and the entity did, after the retries. Refused settings, endpoints and
 * credentials are the deployment's to fix, the same for every resource, so they fail it under either
 * policy.
 */
const tolerable: ReadonlySet<ConnectorSyncErrorCode> = new Set([
  "GraphError",
  "Timeout",
  "NetworkError",
  "SyncTimeout",
  "SyncFailed",
  "SyncHeldBack",
  "SyncRefused",
]);

/** Whether this failure becomes a warning rather than failing the deployment. */
export function tolerated(inputs: { onFailure?: unknown }, error: unknown): error is ConnectorSyncError {
  return inputs.onFailure === "warn" && isConnectorSyncError(error) && tolerable.has(error.code);
}

/** What the state keeps of a failed sync: its code, status and the ids Microsoft support asks for. */
export function syncFailureOf(error: ConnectorSyncError, reported?: string): SyncFailure {
  const { code, status, graphCode, requestId, clientRequestId, date, operationId } = error;
  const failure = { code, status, graphCode, reported, requestId, clientRequestId, date, operationId };
  // The engine's property maps cannot hold undefined.
  return Object.fromEntries(
    Object.entries(failure).filter(([, v]) => v !== undefined),
  ) as unknown as SyncFailure;
}

/** The warning for a sync that failed: the error's message names the status and the request ids. */
export const pendingWarning = (name: string, what: string, error: ConnectorSyncError) =>
  `${name}: ${what} failed and is pending (onFailure: "warn"); the deployment goes on and the next \`pulumi up\` tries again.\n${error.message}`;

/** The warning for a sync that was accepted and recorded, but whose wait failed. */
export const waitWarning = (name: string, what: string, error: ConnectorSyncError) =>
  `${name}: ${what} was requested and recorded, but waiting for it failed (onFailure: "warn").\n${error.message}`;
