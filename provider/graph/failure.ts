// What the client tells its caller when a call gave up: the error, with everything Graph said and
// what Microsoft support asks for, made safe.
import { ConnectorSyncError, type RefusedToken } from "../errors";
import { untrusted } from "../redact";
import type { EntityRef } from "./client";
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
  ref: EntityRef;
  /** A list of the ref's set. */
  list: boolean;
  tenantId: string;
  /** The keys of the tenant's entities of the set, listed after Graph's own 404. */
  entityIds?: string[];
  /** Graph's own 404, and the tenant's list without the entity. */
  gone?: boolean;
  /** Graph's own 404 for a singleton. */
  absent?: boolean;
}

// Intune's 403 names what it wants: "Application must have one of the following scopes: A, B".
const wanted = /one of the following scopes:\s*([\w.]+(?:\s*,\s*[\w.]+){0,19})/;

/** The permissions a 403's own text asks for, as plain names; none when it names none. */
export const scopesOf = (message: string | undefined): string[] | undefined => {
  const named = message === undefined ? undefined : wanted.exec(message.slice(0, 4096))?.[1];
  return named?.split(/\s*,\s*/).map((scope) => scope.slice(0, 100));
};

const limits = {
  attempts: ", the most it may make",
  deadline: ", and the next wait would pass the retry deadline",
};

export function failureOf(gaveUp: GaveUp, { ref, list, tenantId, entityIds, gone, absent }: Called) {
  const { outcome, clientRequestId, attempts } = gaveUp;
  const entityId = list ? undefined : ref.id;
  const what = list
    ? `the ${ref.plural} of tenant ${tenantId}`
    : entityId !== undefined
      ? `${ref.noun} '${entityId}' in tenant ${tenantId}`
      : `the ${ref.noun} of tenant ${tenantId}`;
  const tries = `${attempts > 1 ? ` after ${attempts} attempts` : ""}${gaveUp.limit ? limits[gaveUp.limit] : ""}`;
  const ids = { attempts, clientRequestId, entityId, tenantId };
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
    scopes: status === 403 ? scopesOf(message) : undefined,
    refusedToken: gaveUp.refusedToken,
    entityIds,
    gone: gone || undefined,
    absent: absent || undefined,
  });
}
