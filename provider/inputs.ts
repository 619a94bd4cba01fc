import { type Cloud, cloudNames } from "./clouds";
import {
  type ArgsOf,
  type ChangeEffect,
  defaulted,
  defined,
  oneOf,
  optional,
  required,
  type ValuesOf,
} from "./declaration";
import { isPlainSegment, segmentRule } from "./graph/segment";
import { parseTenant, tenantRule } from "./tenants";
import { triggerLimits, triggersMeasure } from "./triggers";

export const syncTypes = ["fullSync", "deltaSync"] as const;
/** The Graph enum deviceManagementExchangeConnectorSyncType: a full or a delta sync. */
export type SyncType = (typeof syncTypes)[number];
export const apiVersions = ["beta", "v1.0"] as const;
export type ApiVersion = (typeof apiVersions)[number];
export type Triggers = unknown[] | Record<string, unknown>;
export const failurePolicies = ["fail", "warn"] as const;
/** What a sync that still fails after its retries does to the deployment. */
export type OnFailure = (typeof failurePolicies)[number];

export interface WaitForCompletion {
  timeoutSeconds: number;
  pollIntervalSeconds: number;
}
export const waitDefaults: WaitForCompletion = { timeoutSeconds: 300, pollIntervalSeconds: 5 };

const boolean = (v: unknown) => (typeof v === "boolean" ? v : undefined);

/**
 * ConnectorSync's inputs, each declared once: its type, default, check and
 * what a change does. `check`, `diff`, ConnectorSyncArgs and the docs'
 * table of inputs all follow from here.
 */
export const inputs = {
  /** The id of the deviceManagementExchangeConnector to sync. A new id replaces the resource. */
  connectorId: required<string>({
    onChange: "replace",
    parse: (v) => (isPlainSegment(v) ? v : undefined),
    allowed: `the id of a deviceManagementExchangeConnector: ${segmentRule}`,
    missing: "connectorId is required: the id of the deviceManagementExchangeConnector to sync.",
    docs: { type: "string, required", changeNote: ": one sync of the new connector, none of the old" },
  }),
  /** `fullSync` or `deltaSync` (default). A change syncs again. */
  syncType: defaulted<SyncType>({
    ...oneOf(syncTypes, {
      full: "fullSync",
      full_sync: "fullSync",
      delta: "deltaSync",
      delta_sync: "deltaSync",
    }),
    onChange: "sync",
    defaultValue: "deltaSync",
    allowed: "'fullSync' or 'deltaSync' (case-sensitive)",
  }),
  /** Any JSON values; when they change (key order aside), the connector is synced again. */
  triggers: optional<Triggers>({
    onChange: "sync",
    parse: (v) => (typeof v === "object" && v !== null && !triggersMeasure(v) ? (v as Triggers) : undefined),
    measure: triggersMeasure,
    opaque: true,
    allowed: `an array or an object of JSON values, at most ${triggerLimits.depth} levels deep and ${triggerLimits.bytes / 1024} KiB (${triggerLimits.bytes} bytes) as canonical JSON`,
    docs: { type: "array or object of JSON values", changeNote: " (key order does not count)" },
  }),
  /** The tenant, overriding the provider's `connectorSync:tenantId`. A new tenant replaces the resource. */
  tenantId: defaulted<string>({
    onChange: "replace",
    parse: parseTenant,
    allowed: tenantRule,
    fallback: (context) => context.tenantId,
    missing:
      "No tenant: set the resource's tenantId, or the provider's with `pulumi config set connectorSync:tenantId <id>`, or AZURE_TENANT_ID.",
    docs: { type: "tenant GUID or verified domain", fallback: "`connectorSync:tenantId`" },
  }),
  /** `beta` (default: it accepts application permissions) or `v1.0`. A change makes no Graph call. */
  apiVersion: defaulted<ApiVersion>({
    ...oneOf(apiVersions, { v1: "v1.0", "1.0": "v1.0" }),
    onChange: "setting",
    defaultValue: "beta",
    allowed: "'beta' or 'v1.0'",
    docs: { defaultNote: "(see [Permissions](../settings.md#permissions))" },
  }),
  /** The national cloud; default `connectorSync:cloud`, else `global`. A change replaces the resource. */
  cloud: defaulted<Cloud>({
    ...oneOf(cloudNames, {
      public: "global",
      azurecloud: "global",
      azurepubliccloud: "global",
      azureusgovernment: "usGovernment",
      usgov: "usGovernment",
      gcchigh: "usGovernment",
      dod: "usGovernmentDoD",
      azurechinacloud: "china",
    }),
    onChange: "replace",
    fallback: (context) => context.cloud,
    defaultValue: "global",
    allowed: `one of ${cloudNames.join(", ")}`,
    docs: { fallback: "`connectorSync:cloud`" },
  }),
  /** After the sync, poll the connector until its lastSyncDateTime passes the request, or fail after the timeout. */
  waitForCompletion: defaulted<boolean | Partial<WaitForCompletion>, WaitForCompletion | false>({
    onChange: "setting",
    parse: checkWait,
    defaultValue: false,
    allowed:
      "true, false, or { timeoutSeconds?: number from 1 to 3600, pollIntervalSeconds?: number from 1 to timeoutSeconds }",
    docs: {
      type: "`boolean` \\| `{ timeoutSeconds?, pollIntervalSeconds? }`",
      defaultNote: "(`true` means 300 s, every 5 s)",
    },
  }),
  /** A connector that does not exist is not an error: `connectorFound` says false and nothing is synced. */
  ignoreNotFound: defaulted<boolean>({
    onChange: "setting",
    parse: boolean,
    defaultValue: false,
    allowed: "true or false",
    docs: { type: "boolean" },
  }),
  /**
   * `fail` (default): a sync that still fails after its retries fails the deployment. `warn`: the
   * deployment goes on with a warning, the resource records `syncPending: true`, and the next `up`
   * tries again. Refused settings and credentials fail either way.
   */
  onFailure: defaulted<OnFailure>({
    ...oneOf(failurePolicies, { error: "fail", warning: "warn" }),
    onChange: "setting",
    defaultValue: "fail",
    allowed: "'fail' or 'warn'",
  }),
  /** A connector whose lastSyncDateTime is older than this many days is reported unhealthy. */
  staleAfterDays: defaulted<number>({
    onChange: "setting",
    parse: (v) => (typeof v === "number" && v > 0 && v <= 3650 ? v : undefined),
    defaultValue: 30,
    allowed: "a number of days above 0 and at most 3650",
    docs: { type: "number of days" },
  }),
};

export type InputName = keyof typeof inputs;
/** The inputs as they are used: every value valid, every default applied. */
export type ConnectorSyncInputs = ValuesOf<typeof inputs>;
/**
 * The inputs as `check` gives them and the state keeps them: what the program gave, and the tenant and
 * cloud in effect. Any other default is never stored; it is applied where it is used.
 */
export type CheckedInputs = Partial<ConnectorSyncInputs> &
  Pick<ConnectorSyncInputs, "connectorId" | "tenantId">;
/** What a program passes, before each value is wrapped in pulumi.Input. */
export type InputArgs = ArgsOf<typeof inputs>;

export const inputNames = Object.keys(inputs) as InputName[];

/** Each default, by input name. Kept out of the state, where every property costs each preview and `up` time. */
export const inputDefaults: Partial<ConnectorSyncInputs> = defined(
  Object.fromEntries(inputNames.map((name) => [name, inputs[name].defaultValue])),
);

/** The inputs as they are used; a state written with its defaults, by an earlier version, reads the same. */
export const withDefaults = <T extends object>(given: T): T & ConnectorSyncInputs =>
  ({ ...inputDefaults, ...defined(given) }) as T & ConnectorSyncInputs;
/** The inputs whose change has this effect, in declaration order. */
export const inputsOn = (effect: ChangeEffect): InputName[] =>
  inputNames.filter((name) => inputs[name].onChange === effect);

function checkWait(value: unknown): WaitForCompletion | false | undefined {
  if (value === false) return false;
  if (value === true) return { ...waitDefaults };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const {
    timeoutSeconds = waitDefaults.timeoutSeconds,
    pollIntervalSeconds = waitDefaults.pollIntervalSeconds,
    ...rest
  } = value as Record<string, unknown>;
  const inRange = (n: unknown, max: number): n is number => typeof n === "number" && n >= 1 && n <= max;
  if (Object.keys(rest).length > 0 || !inRange(timeoutSeconds, 3600)) return undefined;
  if (!inRange(pollIntervalSeconds, timeoutSeconds)) return undefined;
  return { timeoutSeconds, pollIntervalSeconds };
}
