// Loaded only when a sync, a refresh or a wait needs Graph: preview never loads axios or @azure/identity.
import pLimit from "p-limit";
import { clouds } from "./clouds";
import { tokenSource } from "./credentials";
import { GraphClient, type RetryNotice } from "./graph/client";
import { assertSafeEndpoint, httpsAgent } from "./graph/transport";
import type { ConnectorSyncInputs } from "./inputs";
import type { ProviderSettings } from "./settings";

const limits = new Map<string, pLimit.Limit>();

/** One limit per tenant for the whole provider process, which serves every resource of a deployment. */
function limitFor(tenantId: string, concurrency: number): pLimit.Limit {
  const key = tenantId.toLowerCase();
  let limit = limits.get(key);
  if (!limit) {
    limit = pLimit(concurrency);
    limits.set(key, limit);
  }
  return limit;
}

export const defaultConcurrency = 8;

export function graphFor(
  inputs: ConnectorSyncInputs,
  settings: ProviderSettings,
  say: (line: string) => void,
) {
  const { tenantId, cloud, apiVersion } = inputs;
  // Named as the user sets them; the Graph client checks its endpoint again, without Pulumi's names.
  if (settings.graphEndpoint) assertSafeEndpoint(settings.graphEndpoint, "connectorSync:graphEndpoint");
  if (settings.authorityHost) assertSafeEndpoint(settings.authorityHost, "connectorSync:authorityHost");
  const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
  return new GraphClient({
    endpoint: settings.graphEndpoint ?? clouds[cloud].graphHost,
    apiVersion,
    tenantId,
    getToken: tokenSource({ settings, tenantId, cloud }),
    httpsAgent: httpsAgent(settings.caCertificatePath),
    requestTimeoutMs: seconds(settings.requestTimeoutSeconds),
    retry: {
      ...(settings.maxRetryWaitSeconds && { maxRetryWaitMs: settings.maxRetryWaitSeconds * 1000 }),
      ...(settings.retryDeadlineSeconds && { deadlineMs: settings.retryDeadlineSeconds * 1000 }),
    },
    limit: limitFor(tenantId, settings.maxConcurrentRequests ?? defaultConcurrency),
    onRetry: (notice: RetryNotice) =>
      say(
        `ConnectorSync: Graph answered ${notice.reason} for connector ${notice.connectorId ?? "(list)"} in tenant ${tenantId}; retrying in ${(notice.waitMs / 1000).toFixed(1)} s (attempt ${notice.attempt + 1}).`,
      ),
  });
}
