import { type Cloud, cloudNames } from "./clouds";
import { ConnectorSyncError } from "./errors";

/**
 * Provider-level settings: stack config `connectorSync:*` first, then the Azure
 * SDK's environment variables. Credentials live here and never in resource
 * inputs, so they never reach the state.
 */
export interface ProviderSettings {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  clientCertificatePath?: string;
  federatedTokenFile?: string;
  authMethod?: AuthMethod;
  cloud?: Cloud;
  graphEndpoint?: string;
  authorityHost?: string;
  caCertificatePath?: string;
  maxConcurrentRequests?: number;
  maxRetryWaitSeconds?: number;
  retryDeadlineSeconds?: number;
  requestTimeoutSeconds?: number;
  maxAttempts?: number;
}

export const authMethods = [
  "clientSecret",
  "clientCertificate",
  "workloadIdentity",
  "githubOidc",
  "azurePipelinesOidc",
  "default",
] as const;
export type AuthMethod = (typeof authMethods)[number];

/** Each setting: its stack config key (under `connectorSync:`) and its environment variable. */
const sources: Record<keyof ProviderSettings, string | undefined> = {
  tenantId: "AZURE_TENANT_ID",
  clientId: "AZURE_CLIENT_ID",
  clientSecret: "AZURE_CLIENT_SECRET",
  clientCertificatePath: "AZURE_CLIENT_CERTIFICATE_PATH",
  federatedTokenFile: "AZURE_FEDERATED_TOKEN_FILE",
  authMethod: "CONNECTOR_SYNC_AUTH_METHOD",
  cloud: "CONNECTOR_SYNC_CLOUD",
  graphEndpoint: "CONNECTOR_SYNC_GRAPH_ENDPOINT",
  authorityHost: "AZURE_AUTHORITY_HOST",
  caCertificatePath: "CONNECTOR_SYNC_CA_CERT",
  maxConcurrentRequests: undefined,
  maxRetryWaitSeconds: undefined,
  retryDeadlineSeconds: undefined,
  requestTimeoutSeconds: undefined,
  maxAttempts: undefined,
};

const numeric = new Set<keyof ProviderSettings>([
  "maxConcurrentRequests",
  "maxRetryWaitSeconds",
  "retryDeadlineSeconds",
  "requestTimeoutSeconds",
  "maxAttempts",
]);

export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Reads and validates the settings; a bad value throws, naming the key, the value and what is allowed. */
export function readSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const settings: Record<string, unknown> = {};
  for (const [name, envName] of Object.entries(sources)) {
    const key = `connectorSync:${name}`;
    const fromConfig = config?.get(key);
    const raw = fromConfig ?? (envName ? env[envName] : undefined);
    if (raw === undefined || raw === "") continue;
    const where = fromConfig !== undefined ? key : envName;
    settings[name] = parse(name as keyof ProviderSettings, String(raw), where!);
  }
  return settings as ProviderSettings;
}

function parse(name: keyof ProviderSettings, raw: string, where: string): unknown {
  const refuse = (allowed: string) =>
    new ConnectorSyncError(`${where} is '${raw}': it must be ${allowed}.`, {
      code: "InvalidSetting",
      setting: where,
    });
  if (numeric.has(name)) {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw refuse("a positive number");
    return value;
  }
  if (name === "cloud" && !(cloudNames as string[]).includes(raw)) {
    throw refuse(`one of ${cloudNames.join(", ")}`);
  }
  if (name === "authMethod" && !(authMethods as readonly string[]).includes(raw)) {
    throw refuse(`one of ${authMethods.join(", ")}`);
  }
  return raw;
}
