import {
  asConnectorSyncError,
  type ConnectorSyncError,
  type ConnectorSyncErrorDetails,
  withHint,
} from "./errors";
import type { ApiVersion } from "./inputs";

export const writePermission = "DeviceManagementServiceConfig.ReadWrite.All";

/** What a hint is made of: the facts the Graph client gathered about one failure. */
export type HintFacts = Pick<
  ConnectorSyncErrorDetails,
  "code" | "status" | "connectorId" | "tenantId" | "roles" | "connectorIds" | "refusedToken" | "gone"
>;

/**
 * The error with advice for the Pulumi user. The Graph client knows nothing of
 * Pulumi, so it reports facts (status, roles, the tenant's connectors) and the
 * provider names the inputs and settings to change.
 */
export function explained(failure: unknown, apiVersion: ApiVersion): ConnectorSyncError {
  const error = asConnectorSyncError(failure);
  return error.hint ? error : withHint(error, hintFor(error, apiVersion));
}

export function hintFor(f: HintFacts, apiVersion: ApiVersion): string | undefined {
  if (f.code === "Timeout" || f.code === "NetworkError") {
    return "Check connectorSync:graphEndpoint, the network, and HTTPS_PROXY and NO_PROXY (one proxy for tokens and Graph); the request may be retried with the next `pulumi up`.";
  }
  if (f.code !== "GraphError" || f.status === undefined) return undefined;
  switch (f.status) {
    case 400:
      return "Graph refused the request: check that syncType is 'fullSync' or 'deltaSync' and that connectorId is a connector id.";
    case 401:
      return tokenHint(f);
    case 403: {
      const had = f.roles?.length ? f.roles.join(", ") : "none";
      const v1 =
        apiVersion === "v1.0"
          ? " On v1.0 Graph may refuse application permissions for this action; beta accepts them: set apiVersion to 'beta'."
          : "";
      return `Grant the app the application permission ${writePermission} (Microsoft Graph) with admin consent in tenant ${f.tenantId}. The token had roles: ${had}.${v1}`;
    }
    case 404: {
      if (f.connectorIds === undefined) {
        return f.connectorId === undefined
          ? undefined
          : `The answer is not Graph's own word that connector '${f.connectorId}' is gone (no Graph error code and request-id, or the tenant's connectors could not be listed whole to confirm it), so nothing was taken for gone: check connectorSync:graphEndpoint and any proxy or gateway on the way.`;
      }
      if (!f.gone) {
        return `Graph answered 404, but tenant ${f.tenantId} lists connector '${f.connectorId}', so it is not taken for gone; try again, and give Microsoft support the ids below if it persists.`;
      }
      if (f.connectorIds.length === 0) {
        return `Tenant ${f.tenantId} has no Exchange connector at all. Microsoft ended support for the on-premises Exchange connector in February 2024; set ignoreNotFound: true where a tenant may have none.`;
      }
      return `Connector '${f.connectorId}' was not found in tenant ${f.tenantId}; its connectors are: ${f.connectorIds.join(", ")}.`;
    }
    case 429:
      return "Graph kept throttling after the retries: run fewer syncs at once (connectorSync:maxConcurrentRequests), or allow more attempts (connectorSync:maxAttempts) and longer waits (connectorSync:retryDeadlineSeconds).";
    default:
      return f.status >= 500
        ? "Graph kept failing after the retries; try again later, and give Microsoft support the ids below if it persists."
        : undefined;
  }
}

/**
 * A 401 after a fresh token is no stale token: either the app's access was taken away (mid-deployment,
 * if it worked before) or the tenant, the app and the cloud never belonged together.
 */
function tokenHint(f: HintFacts): string {
  if (f.refusedToken === "cached") {
    return "Graph refused the token cached earlier in this deployment, and connectorSync:maxAttempts left no attempt for a fresh one: allow 2 or more, or run again.";
  }
  const which =
    f.refusedToken === "renewed"
      ? "the token cached earlier in this deployment, and then a fresh one from Entra ID too"
      : "a token fresh from Entra ID";
  return `Graph refused ${which}, so it is not a stale token. If this app worked before, its secret, certificate or admin consent was revoked, or its service principal disabled; otherwise check that the tenant (${f.tenantId}), the client id and the cloud belong together, and that the app is registered in that tenant.`;
}
