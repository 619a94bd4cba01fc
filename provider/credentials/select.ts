import type { AuthMethod, ProviderSettings } from "../settings";

/** The settings that choose a credential. */
export type CredentialSettings = Pick<
  ProviderSettings,
  "authMethod" | "clientId" | "clientSecret" | "clientCertificatePath" | "federatedTokenFile"
>;

/**
 * Which way to authenticate, in the order a pipeline most likely means it:
 * an explicit setting wins; then a secret, a certificate, a federated token
 * file (workload identity), the GitHub Actions and Azure Pipelines OIDC
 * variables, and last DefaultAzureCredential (Azure CLI, managed identity).
 */
export function selectMethod(settings: CredentialSettings, env: NodeJS.ProcessEnv): AuthMethod {
  if (settings.authMethod) return settings.authMethod;
  if (settings.clientSecret) return "clientSecret";
  if (settings.clientCertificatePath) return "clientCertificate";
  if (settings.federatedTokenFile) return "workloadIdentity";
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return "githubOidc";
  if (env.SYSTEM_OIDCREQUESTURI && env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID) return "azurePipelinesOidc";
  return "default";
}

/** What each method needs, so that a missing piece is named before any request. */
export function missingFor(
  method: AuthMethod,
  settings: CredentialSettings,
  env: NodeJS.ProcessEnv,
): string[] {
  const needs: Record<AuthMethod, [boolean, string][]> = {
    clientSecret: [
      [!!settings.clientId, "connectorSync:clientId or AZURE_CLIENT_ID"],
      [!!settings.clientSecret, "connectorSync:clientSecret (secret) or AZURE_CLIENT_SECRET"],
    ],
    clientCertificate: [
      [!!settings.clientId, "connectorSync:clientId or AZURE_CLIENT_ID"],
      [
        !!settings.clientCertificatePath,
        "connectorSync:clientCertificatePath or AZURE_CLIENT_CERTIFICATE_PATH",
      ],
    ],
    workloadIdentity: [
      [!!settings.clientId, "connectorSync:clientId or AZURE_CLIENT_ID"],
      [!!settings.federatedTokenFile, "connectorSync:federatedTokenFile or AZURE_FEDERATED_TOKEN_FILE"],
    ],
    githubOidc: [
      [!!settings.clientId, "connectorSync:clientId or AZURE_CLIENT_ID"],
      [
        !!(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
        "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (the workflow needs `permissions: id-token: write`)",
      ],
    ],
    azurePipelinesOidc: [
      [!!settings.clientId, "connectorSync:clientId or AZURE_CLIENT_ID"],
      [!!env.SYSTEM_OIDCREQUESTURI, "SYSTEM_OIDCREQUESTURI (set by the pipeline)"],
      [!!env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID, "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"],
      [
        !!env.SYSTEM_ACCESSTOKEN,
        "SYSTEM_ACCESSTOKEN (map it: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))",
      ],
    ],
    default: [],
  };
  return needs[method].filter(([present]) => !present).map(([, what]) => what);
}
