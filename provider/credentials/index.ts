import { createHash } from "node:crypto";
import type { Agent } from "node:http";
import type { TokenCredential } from "@azure/identity";
import {
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { type Cloud, clouds } from "../clouds";
import { memo, type TokenSource } from "../context";
import { ConnectorSyncError } from "../errors";
import { assertSafeEndpoint } from "../graph/transport";
import type { ProviderSettings } from "../settings";
import { CachedToken } from "./cache";
import { entraRefusal } from "./entra";
import { tokenFailure } from "./failure";
import { githubAssertion } from "./github";
import { identityHttpClient } from "./http";
import { missingFor, selectMethod } from "./select";

export interface TokenRequest {
  settings: ProviderSettings;
  tenantId: string;
  cloud: Cloud;
  env?: NodeJS.ProcessEnv;
  /** The way out, shared with Graph: the same CAs and the same proxy. */
  agent: Agent;
  /** The process's token sources, one per credential. */
  cache: Map<string, TokenSource>;
}

/**
 * The Graph tokens of one tenant: one cached token per (authority, tenant, client, method, scope,
 * credential material) for the whole process (see CachedToken).
 */
export function tokenSource(request: TokenRequest): TokenSource {
  const { settings, tenantId, cloud, env = process.env, agent, cache } = request;
  const method = selectMethod(settings, env);
  const authorityHost = settings.authorityHost ?? clouds[cloud].authorityHost;
  const scope = `${clouds[cloud].graphHost}/.default`;
  // The credential's material is part of the key (hashed), so a changed secret or file is not served a stale token.
  const material = createHash("sha256")
    .update([settings.clientSecret, settings.clientCertificatePath, settings.federatedTokenFile].join("\0"))
    .digest("hex");
  const key = [authorityHost, tenantId, settings.clientId ?? "", method, scope, material].join("|");
  return memo(cache, key, () => {
    const missing = missingFor(method, settings, env);
    if (missing.length > 0) {
      throw new ConnectorSyncError(
        `Cannot authenticate to tenant ${tenantId} with ${method}: missing ${missing.join("; ")}`,
        {
          code: "AuthenticationFailed",
          tenantId,
          hint: "Set them as stack config (pulumi config set [--secret] connectorSync:<name> <value>) or as environment variables.",
        },
      );
    }
    const what = `${method} for tenant ${tenantId}`;
    const make = () => {
      try {
        return build(method, settings, { tenantId, authorityHost, env, agent });
      } catch (error) {
        if (error instanceof ConnectorSyncError) throw error;
        // @azure/identity refuses some values when the credential is built, with a plain Error.
        throw new ConnectorSyncError(
          `Cannot authenticate to tenant ${tenantId} with ${method}: ${entraRefusal(error).description}`,
          {
            code: "AuthenticationFailed",
            tenantId,
          },
        );
      }
    };
    const timeoutMs = settings.requestTimeoutSeconds * 1000;
    const request = { what, method, tenantId, authorityHost, seconds: timeoutMs / 1000, agent, env };
    return new CachedToken(
      make,
      scope,
      (error, timedOut) => tokenFailure(error, timedOut, request),
      timeoutMs,
    );
  });
}

function build(
  method: string,
  s: ProviderSettings,
  where: { tenantId: string; authorityHost: string; env: NodeJS.ProcessEnv; agent: Agent },
): TokenCredential {
  const { tenantId, authorityHost, env, agent } = where;
  const options = {
    authorityHost,
    // A custom authority (a sovereign proxy, the emulator) is not in Microsoft's instance list.
    disableInstanceDiscovery: s.authorityHost !== undefined,
    // Its requests go by this package's own client (answers capped at 1 MiB) and by the agent, so that
    // its own proxy policy stands aside: one proxy policy and one set of CAs for tokens and Graph.
    agent,
    httpClient: identityHttpClient(agent),
  };
  const clientId = s.clientId!;
  switch (method) {
    case "clientSecret":
      return new ClientSecretCredential(tenantId, clientId, s.clientSecret!, options);
    case "clientCertificate":
      return new ClientCertificateCredential(
        tenantId,
        clientId,
        { certificatePath: s.clientCertificatePath! },
        options,
      );
    case "workloadIdentity":
      return new WorkloadIdentityCredential({
        ...options,
        tenantId,
        clientId,
        tokenFilePath: s.federatedTokenFile!,
      });
    case "githubOidc":
      // The pipeline's request token is a bearer secret too: refused before anything is built.
      assertSafeEndpoint(env.ACTIONS_ID_TOKEN_REQUEST_URL!, "ACTIONS_ID_TOKEN_REQUEST_URL");
      return new ClientAssertionCredential(
        tenantId,
        clientId,
        githubAssertion(env, agent, s.requestTimeoutSeconds * 1000),
        options,
      );
    case "azurePipelinesOidc":
      // @azure/identity reads SYSTEM_OIDCREQUESTURI itself and sends SYSTEM_ACCESSTOKEN there.
      assertSafeEndpoint(env.SYSTEM_OIDCREQUESTURI!, "SYSTEM_OIDCREQUESTURI");
      return new AzurePipelinesCredential(
        tenantId,
        clientId,
        env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID!,
        env.SYSTEM_ACCESSTOKEN!,
        options,
      );
    default:
      return new DefaultAzureCredential({ ...options, tenantId });
  }
}
