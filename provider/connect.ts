// Loaded only when a sync, a refresh or a wait needs Graph: preview never loads axios or @azure/identity.
import pLimit from "p-limit";
import type { Cloud } from "./clouds";
import { clouds } from "./clouds";
import { memo, type ProviderContext } from "./context";
import { tokenSource } from "./credentials";
import { tenantKey } from "./credentials/tenant";
import { exitIfEngineGone } from "./engine";
import { GraphClient, type RetryNotice } from "./graph/client";
import { proxyFor, routingAgent } from "./graph/proxy";
import { pace } from "./pace";
import type { ProviderSettings } from "./settings";

export interface Connection {
  settings: ProviderSettings;
  context: ProviderContext;
  say: (line: string) => void;
  /** Who speaks in the lines: a resource's class, or a discovery function's name. */
  name: string;
}

/** Where a client calls: a resource's tenant, cloud and API version, or a listing's; and Intune's throttling group for its writes. */
export interface GraphTarget {
  tenantId: string;
  cloud: Cloud;
  apiVersion: string;
  throttling?: string;
}

/** A Graph client for the resource's tenant, cloud and API version, sharing the process's caches. */
export async function graphFor(inputs: GraphTarget, { settings, context, say, name }: Connection) {
  const { tenantId, cloud, apiVersion, throttling = "enrollment" } = inputs;
  // The settings were checked when they were read; the Graph client checks its endpoint again.
  const ms = (seconds: number) => seconds * 1000;
  const caPath = settings.caCertificatePath;
  const endpoint = settings.graphEndpoint ?? clouds[cloud].graphHost;
  // Tokens and Graph leave the same way; a proxy setting that would be refused is refused before any request.
  const authorityHost = settings.authorityHost ?? clouds[cloud].authorityHost;
  proxyFor(endpoint);
  proxyFor(authorityHost);
  const agent = memo(context.agents, caPath ?? "", () => routingAgent(caPath));
  // The tenant's id however it is spelled (GUID, domain, any case): one limit and one token per tenant.
  const timeoutMs = ms(settings.requestTimeoutSeconds);
  const tenant = await tenantKey(tenantId, { authorityHost, agent, timeoutMs, cache: context.tenantIds });
  return new GraphClient({
    endpoint,
    apiVersion,
    tenantId,
    tokens: tokenSource({ settings, tenantId: tenant, cloud, agent, cache: context.tokenSources }),
    httpsAgent: agent,
    requestTimeoutMs: timeoutMs,
    retry: {
      maxRetryWaitMs: ms(settings.maxRetryWaitSeconds),
      deadlineMs: ms(settings.retryDeadlineSeconds),
      maxAttempts: settings.maxAttempts,
    },
    // One limit per tenant for the whole process, which serves every resource of a deployment.
    limit: memo(context.limits, tenant, () => pLimit(settings.maxConcurrentRequests)),
    // One pace per tenant and throttling group, as Intune counts writes.
    beforeWrite: memo(context.paces, `${tenant} ${throttling}`, () =>
      pace(settings.syncRate, tenantId, say, throttling),
    ),
    // After the pace, any retry's wait and the token: a sync the dead engine would not record is never sent.
    beforeSend: exitIfEngineGone,
    clock: context.clock,
    onRetry: (notice: RetryNotice) => {
      const when = notice.freshToken
        ? "retrying at once with a fresh token"
        : `retrying in ${(notice.waitMs / 1000).toFixed(1)} s`;
      say(
        `${name}: Graph answered ${notice.reason} for ${notice.entity} in tenant ${tenantId}; ${when} (attempt ${notice.attempt + 1}).`,
      );
    },
  });
}
