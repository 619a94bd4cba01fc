import { type Cloud, cloudNames } from "./clouds";

export const syncTypes = ["fullSync", "deltaSync"] as const;
/** The Graph enum deviceManagementExchangeConnectorSyncType: a full or a delta sync. */
export type SyncType = (typeof syncTypes)[number];
export const apiVersions = ["beta", "v1.0"] as const;
export type ApiVersion = (typeof apiVersions)[number];

export interface WaitForCompletion {
  timeoutSeconds: number;
  pollIntervalSeconds: number;
}

/** The inputs after `check`: every default filled in, every value valid. */
export interface ConnectorSyncInputs {
  connectorId: string;
  syncType: SyncType;
  triggers?: unknown[] | Record<string, unknown>;
  tenantId: string;
  apiVersion: ApiVersion;
  cloud: Cloud;
  waitForCompletion: WaitForCompletion | false;
  ignoreNotFound: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export const waitDefaults: WaitForCompletion = { timeoutSeconds: 300, pollIntervalSeconds: 5 };

/** The engine's placeholder for a value not known until apply (preview). */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === unknown) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

const known = new Set([
  "connectorId",
  "syncType",
  "triggers",
  "tenantId",
  "apiVersion",
  "cloud",
  "waitForCompletion",
  "ignoreNotFound",
]);

/** What users write instead of the exact, case-sensitive enum values. */
const aliases: Record<string, string> = {
  full: "fullSync",
  fullsync: "fullSync",
  full_sync: "fullSync",
  delta: "deltaSync",
  deltasync: "deltaSync",
  delta_sync: "deltaSync",
  v1: "v1.0",
  "1.0": "v1.0",
  "v1.0": "v1.0",
  beta: "beta",
  public: "global",
  azurecloud: "global",
  azurepubliccloud: "global",
  azureusgovernment: "usGovernment",
  usgovernment: "usGovernment",
  usgov: "usGovernment",
  gcchigh: "usGovernment",
  dod: "usGovernmentDoD",
  usgovernmentdod: "usGovernmentDoD",
  azurechinacloud: "china",
  china: "china",
};

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domain = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface CheckContext {
  /** The provider-level tenant and cloud, written into the inputs so that changing them replaces. */
  tenantId?: string;
  cloud?: Cloud;
}

/** Validates and normalizes the inputs; makes no network call. Unknown values pass through. */
export function checkInputs(news: Record<string, unknown>, context: CheckContext) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};

  for (const key of Object.keys(news)) {
    if (!known.has(key) && !key.startsWith("__")) {
      const credential = /secret|password|certificate|token|clientid/i.test(key);
      fail(
        key,
        credential
          ? `'${key}' is not an input: credentials are provider settings (connectorSync:* config or AZURE_* variables), never resource inputs, so they never reach the state.`
          : `'${key}' is not an input of ConnectorSync; the inputs are ${[...known].join(", ")}.`,
      );
    }
  }

  const pick = <T>(
    name: string,
    fallback: T,
    validate: (value: unknown) => T | undefined,
    allowed: string,
  ) => {
    const value = news[name];
    if (value === undefined || value === null) return fallback;
    if (isUnknown(value)) return value;
    const result = validate(value);
    if (result !== undefined) return result;
    const hint = typeof value === "string" ? aliases[value.toLowerCase()] : undefined;
    const didYouMean = hint && hint !== value ? ` Did you mean '${hint}'?` : "";
    fail(name, `${name} is ${JSON.stringify(value)}: it must be ${allowed}.${didYouMean}`);
    return undefined;
  };
  const oneOf =
    <T extends string>(values: readonly T[]) =>
    (value: unknown) =>
      (values as readonly unknown[]).includes(value) ? (value as T) : undefined;

  inputs.connectorId = pick(
    "connectorId",
    undefined,
    (v) => (typeof v === "string" && v.trim() === v && /^[^/?#\s]+$/.test(v) ? v : undefined),
    "the id of a deviceManagementExchangeConnector: a non-empty string without spaces, '/', '?' or '#'",
  );
  if (news.connectorId === undefined || news.connectorId === null) {
    fail("connectorId", "connectorId is required: the id of the deviceManagementExchangeConnector to sync.");
  }
  inputs.syncType = pick(
    "syncType",
    "deltaSync",
    oneOf(syncTypes),
    "'fullSync' or 'deltaSync' (case-sensitive)",
  );
  inputs.triggers = pick(
    "triggers",
    undefined,
    (v) => (typeof v === "object" ? v : undefined),
    "an array or an object of JSON values",
  );
  inputs.apiVersion = pick("apiVersion", "beta", oneOf(apiVersions), "'beta' or 'v1.0'");
  inputs.cloud = pick(
    "cloud",
    context.cloud ?? "global",
    oneOf(cloudNames),
    `one of ${cloudNames.join(", ")}`,
  );
  inputs.ignoreNotFound = pick(
    "ignoreNotFound",
    false,
    (v) => (typeof v === "boolean" ? v : undefined),
    "true or false",
  );
  inputs.waitForCompletion = pick("waitForCompletion", false, checkWait, waitAllowed);
  inputs.tenantId = pick(
    "tenantId",
    context.tenantId,
    (v) => (typeof v === "string" && (guid.test(v) || domain.test(v)) ? v : undefined),
    "a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com",
  );
  if (inputs.tenantId === undefined && !failures.some((f) => f.property === "tenantId")) {
    fail(
      "tenantId",
      "No tenant: set the resource's tenantId, or the provider's with `pulumi config set connectorSync:tenantId <id>`, or AZURE_TENANT_ID.",
    );
  }

  for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
  return { inputs, failures };
}

const waitAllowed =
  "true, false, or { timeoutSeconds?: number from 1 to 3600, pollIntervalSeconds?: number from 1 to timeoutSeconds }";

function checkWait(value: unknown): WaitForCompletion | false | undefined {
  if (value === false) return false;
  if (value === true) return { ...waitDefaults };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const {
    timeoutSeconds = waitDefaults.timeoutSeconds,
    pollIntervalSeconds = waitDefaults.pollIntervalSeconds,
    ...rest
  } = value as Record<string, unknown>;
  const inRange = (n: unknown, max: number) => typeof n === "number" && n >= 1 && n <= max;
  if (Object.keys(rest).length > 0 || !inRange(timeoutSeconds, 3600)) return undefined;
  if (!inRange(pollIntervalSeconds, timeoutSeconds as number)) return undefined;
  return { timeoutSeconds: timeoutSeconds as number, pollIntervalSeconds: pollIntervalSeconds as number };
}
