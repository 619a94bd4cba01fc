// What the client tells its caller when a call gave up: the error, with everything Graph said and
// what Microsoft support asks for, made safe.
import { ConnectorSyncError, type RefusedToken } from "../errors";
import { untrusted } from "../redact";
import { graphError, type Outcome, receiptOf, rolesOf } from "./http";

/** A call's last attempt, when no further one was made. */
export interface GaveUp {
  outcome: Outcome;
  clientRequestId: string;
  token: string;
  attempts: number;
  /** Why no further attempt was made, when the answer could have been retried. */
  limit?: "attempts" | "deadline";
  /** After a 401: which token Graph refused (see ConnectorSyncErrorDetails). */
  refusedToken?: RefusedToken;
}

export interface Called {
  /** Absent for the list of connectors. */
  connectorId?: string;
  tenantId: string;
  /** The tenant's connectors, listed after Graph's own 404. */
  connectorIds?: string[];
  /** Graph's own 404, and the tenant's list without the connector. */
  gone?: boolean;
}

const limits = {
  attempts: ", the most it may make",
  deadline: ", and the next wait would pass the retry deadline",
};

export function failureOf(gaveUp: GaveUp, { connectorId, tenantId, connectorIds, gone }: Called) {
  const { outcome, clientRequestId, attempts } = gaveUp;
  const what = connectorId
    ? `connector '${connectorId}' in tenant ${tenantId}`
    : `the connectors of tenant ${tenantId}`;
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
    refusedToken: gaveUp.refusedToken,
    connectorIds,
    gone: gone || undefined,
  });
}
