// Loaded only when a sync, a refresh or a wait needs Graph: preview never loads axios or @azure/identity.
import pLimit from "p-limit";
import { clouds } from "./clouds";
import { memo, type ProviderContext } from "./context";
import { tokenSource } from "./credentials";
import { GraphClient, type RetryNotice } from "./graph/client";
import { assertSafeEndpoint, httpsAgent } from "./graph/transport";
import type { ConnectorSyncInputs } from "./inputs";
import type { ProviderSettings } from "./settings";

export const defaultConcurrency = 8;

export interface Connection {
  settings: ProviderSettings;
  context: ProviderContext;
  say: (line: string) => void;
}

/** Where a client calls: a resource's tenant, cloud and API version, or a listing's. */
export type GraphTarget = Pick<ConnectorSyncInputs, "tenantId" | "cloud" | "apiVersion">;

/** A Graph client for the resource's tenant, cloud and API version, sharing the process's caches. */
export function graphFor(inputs: GraphTarget, { settings, context, say }: Connection) {
  const { tenantId, cloud, apiVersion } = inputs;
  // Named as the user sets them; the Graph client checks its endpoint again, without Pulumi's names.
  if (settings.graphEndpoint) assertSafeEndpoint(settings.graphEndpoint, "connectorSync:graphEndpoint");
  if (settings.authorityHost) assertSafeEndpoint(settings.authorityHost, "connectorSync:authorityHost");
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  const caPath = settings.caCertificatePath;
  return new GraphClient({
    endpoint: settings.graphEndpoint ?? clouds[cloud].graphHost,
    apiVersion,
    tenantId,
    getToken: tokenSource({ settings, tenantId, cloud, cache: context.tokenSources }),
    httpsAgent: memo(context.agents, caPath ?? "", () => httpsAgent(caPath)),
    requestTimeoutMs: seconds(settings.requestTimeoutSeconds),
    retry: {
      ...(settings.maxRetryWaitSeconds && { maxRetryWaitMs: settings.maxRetryWaitSeconds * 1000 }),
      ...(settings.retryDeadlineSeconds && { deadlineMs: settings.retryDeadlineSeconds * 1000 }),
    },
    // One limit per tenant for the whole process, which serves every resource of a deployment.
    limit: memo(context.limits, tenantId.toLowerCase(), () =>
      pLimit(settings.maxConcurrentRequests ?? defaultConcurrency),
    ),
    clock: context.clock,
    onRetry: (notice: RetryNotice) =>
      say(
        `ConnectorSync: Graph answered ${notice.reason} for connector ${notice.connectorId ?? "(list)"} in tenant ${tenantId}; retrying in ${(notice.waitMs / 1000).toFixed(1)} s (attempt ${notice.attempt + 1}).`,
      ),
  });
}
