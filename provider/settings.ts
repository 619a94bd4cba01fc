import { type Cloud, cloudNames } from "./clouds";
import { ConnectorSyncError } from "./errors";
import { defaultRequestTimeoutMs, retryDefaults } from "./graph/retry";
import { assertSafeEndpoint } from "./graph/transport";
import { parseSyncRate, type SyncRate } from "./rate";
import { untrusted } from "./redact";
import { pemFile, readableFile, type SettingSpec, setting } from "./setting";
import { isGuid, parseTenant, tenantRule } from "./tenants";

export const authMethods = [
  "clientSecret",
  "clientCertificate",
  "workloadIdentity",
  "githubOidc",
  "azurePipelinesOidc",
  "default",
] as const;
export type AuthMethod = (typeof authMethods)[number];

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): T | undefined =>
    values.find((v) => v === raw);

/** A number in [min, max], whole when asked; what a config file or an environment variable spells. */
const number =
  (min: number, max: number, whole = false) =>
  (raw: string): number | undefined => {
    const value = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
    return value >= min && value <= max && (!whole || Number.isInteger(value)) ? value : undefined;
  };

/** An https origin, or http on loopback; its own refusal (InvalidEndpoint) says why. */
const endpoint = (raw: string, where: string) => assertSafeEndpoint(raw, where).origin;

const seconds = (ms: number) => ms / 1000;

/**
 * Provider-level settings, each declared once: its stack config key (under
 * `connectorSync:`), its environment variable, what is allowed, its default
 * and the docs' words. Stack config comes first, then the variable.
 * Credentials live here and never in resource inputs, so they never reach the state.
 */
export const settings = {
  tenantId: setting({
    env: "AZURE_TENANT_ID",
    parse: parseTenant,
    allowed: tenantRule,
    meaning: "the default tenant",
  }),
  clientId: setting({
    env: "AZURE_CLIENT_ID",
    parse: (raw) => (isGuid(raw) ? raw : undefined),
    allowed: "an application (client) id, a GUID",
    meaning: "the app registration (service principal)",
  }),
  clientSecret: setting({
    env: "AZURE_CLIENT_SECRET",
    secret: true,
    parse: (raw) => raw,
    allowed: "any text",
    meaning: "a client secret",
  }),
  clientCertificatePath: setting({
    env: "AZURE_CLIENT_CERTIFICATE_PATH",
    parse: readableFile,
    allowed: "a readable file",
    meaning: "a PEM file with the certificate and its private key",
  }),
  federatedTokenFile: setting({
    env: "AZURE_FEDERATED_TOKEN_FILE",
    parse: readableFile,
    allowed: "a readable file",
    meaning: "a federated token file (workload identity, GitLab)",
  }),
  authMethod: setting({
    env: "CONNECTOR_SYNC_AUTH_METHOD",
    parse: oneOf(authMethods),
    allowed: `one of ${authMethods.join(", ")}`,
    meaning: "force one way to authenticate",
    defaultNote: "chosen (see [Authentication](#authentication))",
  }),
  cloud: setting<Cloud>({
    env: "CONNECTOR_SYNC_CLOUD",
    parse: oneOf(cloudNames),
    allowed: `one of ${cloudNames.join(", ")}`,
    meaning: "the default cloud",
    defaultNote: "`global`",
  }),
  graphEndpoint: setting({
    env: "CONNECTOR_SYNC_GRAPH_ENDPOINT",
    parse: endpoint,
    allowed: "an https origin (http only on loopback)",
    meaning: "Graph's origin, without version",
    defaultNote: "the cloud's Graph host",
  }),
  authorityHost: setting({
    env: "AZURE_AUTHORITY_HOST",
    parse: endpoint,
    allowed: "an https origin (http only on loopback)",
    meaning: "Entra ID's origin",
    defaultNote: "the cloud's authority",
  }),
  caCertificatePath: setting({
    env: "CONNECTOR_SYNC_CA_CERT",
    parse: pemFile,
    allowed: "a readable PEM file holding a certificate",
    meaning: "an extra CA (the emulator's); it is added to the public roots, never put in their place",
  }),
  maxConcurrentRequests: setting({
    parse: number(1, 256, true),
    allowed: "a whole number from 1 to 256",
    defaultValue: 8,
    meaning: "Graph requests at once per tenant in one deployment",
  }),
  maxRetryWaitSeconds: setting({
    parse: number(1, 3600),
    allowed: "a number from 1 to 3600",
    defaultValue: seconds(retryDefaults.maxRetryWaitMs),
    meaning: "the longest single wait before a retry (Graph asks up to about 315)",
  }),
  retryDeadlineSeconds: setting({
    parse: number(1, 86_400),
    allowed: "a number from 1 to 86400",
    defaultValue: seconds(retryDefaults.deadlineMs),
    meaning: "no retry starts later than this after the first attempt",
  }),
  maxAttempts: setting({
    parse: number(1, 100, true),
    allowed: "a whole number from 1 to 100",
    defaultValue: retryDefaults.maxAttempts,
    meaning: "requests for one call, retries included",
  }),
  syncRate: setting<SyncRate>({
    env: "CONNECTOR_SYNC_RATE",
    parse: parseSyncRate,
    allowed: "N/Ss, such as 95/20s: N from 1 to 99999 sync requests per S seconds, S from 1 to 3600",
    defaultValue: { requests: 98, perSeconds: 20 },
    defaultNote: "`98/20s`",
    meaning:
      "sync requests per tenant in each window, retries included (Intune allows 100 per 20 s per app and tenant)",
  }),
  requestTimeoutSeconds: setting({
    // Node's timers hold at most 2^31-1 ms (about 24.8 days); above it, every request aborted after 1 ms.
    parse: number(1, 3600),
    allowed: "a number from 1 to 3600",
    defaultValue: seconds(defaultRequestTimeoutMs),
    meaning: "per request; a token request, with every request it makes, as one",
  }),
};

type Settings = typeof settings;
export type SettingName = keyof Settings;
export const settingNames = Object.keys(settings) as SettingName[];
type ValueOf<S> = S extends SettingSpec<infer V> ? V : never;
type Defaulted = {
  [K in SettingName]: Settings[K] extends { defaultValue: unknown } ? K : never;
}[SettingName];

/** Where a setting's value came from: its stack config key, or its environment variable. */
export type SettingSources = Partial<Record<SettingName, string>>;

/** What `configure` read: each setting valid, the defaulted ones always present, and where each given one came from. */
export type ProviderSettings = { [K in Defaulted]: ValueOf<Settings[K]> } & {
  [K in Exclude<SettingName, Defaulted>]?: ValueOf<Settings[K]>;
} & { sources: SettingSources };

export interface ConfigSource {
  get(key: string): string | undefined;
}

export const configKey = (name: SettingName) => `connectorSync:${name}`;

/** Reads and checks every setting; a bad value throws, naming the key (or variable), the value and what is allowed. */
export function readSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const read: Record<string, unknown> = {};
  const sources: SettingSources = {};
  for (const name of settingNames) {
    const spec: SettingSpec<unknown> = settings[name];
    const fromConfig = config?.get(configKey(name));
    const raw = fromConfig ?? (spec.env ? env[spec.env] : undefined);
    if (raw === undefined || raw === "") {
      if (spec.defaultValue !== undefined) read[name] = spec.defaultValue;
      continue;
    }
    const where = fromConfig !== undefined ? configKey(name) : spec.env!;
    const value = spec.parse(String(raw), where);
    if (value === undefined) {
      // A setting's text is hostile too: shown made safe, and a secret not at all.
      const shown = spec.secret ? "[hidden]" : `'${untrusted(raw, 100)}'`;
      throw new ConnectorSyncError(`${where} is ${shown}: it must be ${spec.allowed}.`, {
        code: "InvalidSetting",
        setting: where,
      });
    }
    read[name] = value;
    sources[name] = where;
  }
  return { ...read, sources } as ProviderSettings;
}
