// Why a token request failed, as the error says it: Entra ID's refusal with its ids, no answer in
// time (and from whom), or a proxy that refused the tunnel.
import type { Agent } from "node:http";
import { ConnectorSyncError } from "../errors";
import { RoutingAgent } from "../graph/proxy";
import type { AuthMethod } from "../settings";
import { entraRefusal } from "./entra";

export interface TokenRequestFacts {
  /** The method and tenant, as the message names them. */
  what: string;
  method: AuthMethod;
  tenantId: string;
  authorityHost: string;
  /** The longest the request could take (connectorSync:requestTimeoutSeconds). */
  seconds: number;
  agent: Agent;
  env: NodeJS.ProcessEnv;
}

/** Who a token request waited for: Entra ID, and for a pipeline's OIDC, the pipeline's token service first. */
const waitedFor: Partial<Record<AuthMethod, string>> = {
  githubOidc: "GitHub's ID token service (ACTIONS_ID_TOKEN_REQUEST_URL) or ",
  azurePipelinesOidc: "the pipeline's OIDC service (SYSTEM_OIDCREQUESTURI) or ",
};

export function tokenFailure(
  error: unknown,
  timedOut: boolean,
  facts: TokenRequestFacts,
): ConnectorSyncError {
  const { what, tenantId } = facts;
  if (timedOut) {
    return new ConnectorSyncError(
      `Could not get a Graph token (${what}): no answer from ${waitedFor[facts.method] ?? ""}Entra ID at ${facts.authorityHost} within ${facts.seconds} s`,
      {
        code: "Timeout",
        tenantId,
        setting: "connectorSync:requestTimeoutSeconds",
        hint: "Check connectorSync:authorityHost (AZURE_AUTHORITY_HOST), the network, and HTTPS_PROXY and NO_PROXY; raise connectorSync:requestTimeoutSeconds for a slow network.",
      },
    );
  }
  const refusal = proxyRefusal(facts);
  if (refusal) {
    return new ConnectorSyncError(
      `Could not get a Graph token (${what}): the proxy refused CONNECT: ${refusal}`,
      {
        code: "NetworkError",
        networkCode: "EPROXYCONNECT",
        tenantId,
        hint: "Check HTTPS_PROXY and NO_PROXY: the proxy must open a tunnel (answer CONNECT with 200) to Entra ID, or NO_PROXY must name it.",
      },
    );
  }
  const { description, traceId, correlationId, timestamp } = entraRefusal(error);
  return new ConnectorSyncError(`Could not get a Graph token (${what}): ${description}`, {
    code: "AuthenticationFailed",
    tenantId,
    // Entra ID's ids for its answer: what its support and its sign-in logs know it by.
    requestId: traceId,
    clientRequestId: correlationId,
    date: timestamp,
    hint: "Check the tenant id, the client id and its credential, and that the app is registered (or consented) in that tenant.",
  });
}

/** MSAL reports a failed request with a message of its own, in which a proxy's refusal is lost: the agent knows it. */
function proxyRefusal({ agent, authorityHost, env }: TokenRequestFacts): string | undefined {
  if (!(agent instanceof RoutingAgent)) return undefined;
  const hosts = [authorityHost, env.ACTIONS_ID_TOKEN_REQUEST_URL, env.SYSTEM_OIDCREQUESTURI];
  return hosts.map((url) => (url ? agent.proxyRefusal(url) : undefined)).find(Boolean);
}
