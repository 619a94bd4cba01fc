import { providerContext } from "../context";
import {
  asConnectorSyncError,
  ConnectorSyncError,
  type ConnectorSyncErrorDetails,
  withHint,
} from "../errors";
import { configKey, type SettingName, type SettingSources, settings } from "../settings";
import type { Action } from "./action";

/** What a hint is made of: the facts the Graph client gathered about one failure. */
export type HintFacts = Pick<
  ConnectorSyncErrorDetails,
  | "code"
  | "status"
  | "entityId"
  | "tenantId"
  | "roles"
  | "scopes"
  | "entityIds"
  | "refusedToken"
  | "gone"
  | "absent"
>;

/** What the hints need to know of the action: its words, its permissions, the versions that have it. */
export type Advised = Pick<Action, "entity" | "permissions" | "advice" | "name">;

/**
 * The error with advice for the Pulumi user. The Graph client knows nothing of
 * Pulumi, so it reports facts (status, roles, the tenant's entities) and the
 * provider names the inputs and settings to change.
 */
export function explained(
  failure: unknown,
  action: Advised,
  apiVersion: string,
  sources: SettingSources = providerContext().settings?.sources ?? {},
): ConnectorSyncError {
  const error = asConnectorSyncError(failure);
  const hinted = error.hint ? error : withHint(error, hintFor(error, action, apiVersion, sources));
  const named = hinted.entityId ?? hinted.entityIds;
  if (action.name !== "ConnectorSync" || named === undefined || hinted.connectorId !== undefined)
    return hinted;
  // ConnectorSync's errors name the connector as they always have, beside the names every action shares.
  const { name: _, message: __, stack: ___, summary, ...details } = hinted;
  return new ConnectorSyncError(summary, {
    ...details,
    connectorId: hinted.entityId,
    connectorIds: hinted.entityIds,
  });
}

/**
 * A setting as the user gave it: the variable when the value came from the environment, the stack
 * config key when from there, and the key with its variable when it is unset.
 */
export function settingAsGiven(name: SettingName, sources: SettingSources): string {
  const source = sources[name];
  const variable = settings[name].env;
  if (source !== undefined && source === variable) return `${variable} (from the environment)`;
  if (source !== undefined) return source;
  return variable ? `${configKey(name)} (or ${variable}), unset` : `${configKey(name)}, unset`;
}

export function hintFor(
  f: HintFacts,
  action: Advised,
  apiVersion: string,
  sources: SettingSources = {},
): string | undefined {
  const endpoint = settingAsGiven("graphEndpoint", sources);
  if (f.code === "Timeout" || f.code === "NetworkError") {
    return `Check ${endpoint}, the network, and HTTPS_PROXY and NO_PROXY (one proxy for tokens and Graph); the request may be retried with the next \`pulumi up\`.`;
  }
  if (f.code !== "GraphError" || f.status === undefined) return undefined;
  switch (f.status) {
    case 400:
      return action.advice.badRequest;
    case 401:
      return tokenHint(f);
    case 403:
      return permissionHint(f, action, apiVersion);
    case 404:
      return notFoundHint(f, action, endpoint);
    case 429:
      return "Graph kept throttling after the retries: run fewer syncs at once (connectorSync:maxConcurrentRequests), or allow more attempts (connectorSync:maxAttempts) and longer waits (connectorSync:retryDeadlineSeconds).";
    default:
      return f.status >= 500
        ? "Graph kept failing after the retries; try again later, and give Microsoft support the ids below if it persists."
        : undefined;
  }
}

/** The permissions the action needs, those the token had, and those Intune's own refusal asked for. */
function permissionHint(f: HintFacts, action: Advised, apiVersion: string): string {
  const [first, ...more] = action.permissions;
  const grant =
    more.length === 0
      ? `the application permission ${first}`
      : `one of the application permissions ${action.permissions.join(", ")} (least privileged first)`;
  const had = f.roles?.length ? f.roles.join(", ") : "none";
  const asked = f.scopes?.length ? ` Intune asked for one of: ${f.scopes.join(", ")}.` : "";
  const v1 =
    apiVersion === "v1.0"
      ? " On v1.0 Graph may refuse application permissions for this action; beta accepts them: set apiVersion to 'beta'."
      : "";
  return `Grant the app ${grant} (Microsoft Graph) with admin consent in tenant ${f.tenantId}. The token had roles: ${had}.${asked}${v1}`;
}

/** A 404 is taken for gone only on Graph's word and the tenant's list; each other case says why not. */
function notFoundHint(f: HintFacts, { entity, advice }: Advised, endpoint: string): string | undefined {
  const { noun, plural } = entity;
  // A list's 404, or one not Graph's own, says nothing of what the tenant has.
  if (f.entityId === undefined) return f.absent && f.tenantId ? advice.noneInTenant(f.tenantId) : undefined;
  if (f.entityIds === undefined) {
    return `The answer is not Graph's own word that ${noun} '${f.entityId}' is gone (no Graph error code and request-id, or the tenant's ${plural} could not be listed whole to confirm it), so nothing was taken for gone: check ${endpoint} and any proxy or gateway on the way.`;
  }
  if (!f.gone) {
    return `Graph answered 404, but tenant ${f.tenantId} lists ${noun} '${f.entityId}', so it is not taken for gone; try again, and give Microsoft support the ids below if it persists.`;
  }
  if (f.entityIds.length === 0) return advice.noneInTenant(f.tenantId!);
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return `${Noun} '${f.entityId}' was not found in tenant ${f.tenantId}; its ${plural} are: ${f.entityIds.join(", ")}.`;
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
