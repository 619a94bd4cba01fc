// The inputs and outputs that every action's resource shares, each declared once: an action's
// declaration picks the ones it has, in the order its docs list them, and adds its own.
import { type Cloud, cloudNames } from "../clouds";
import { isPlainSegment, segmentRule } from "../graph/segment";
import { parseTenant, tenantRule } from "../tenants";
import { triggerLimits, triggersMeasure } from "../triggers";
import { defaulted, oneOf, optional, required } from "./declare";
import type { SyncFailure } from "./record";

export const apiVersions = ["beta", "v1.0"] as const;
export type ApiVersion = (typeof apiVersions)[number];
export type Triggers = unknown[] | Record<string, unknown>;
export const failurePolicies = ["fail", "warn"] as const;
/** What a sync that still fails after its retries does to the deployment. */
export type OnFailure = (typeof failurePolicies)[number];

/** How long a resource waits, after its sync was accepted, for the entity to show that it completed. */
export interface WaitForCompletion {
  /** The most seconds to wait, from 1 to 3600; 300 by default. */
  timeoutSeconds: number;
  /** Seconds between two reads of the entity, from 1 to timeoutSeconds; 5 by default. */
  pollIntervalSeconds: number;
}
export const waitDefaults: WaitForCompletion = { timeoutSeconds: 300, pollIntervalSeconds: 5 };

const boolean = (v: unknown) => (typeof v === "boolean" ? v : undefined);

/** The input that names the entity to sync, by its Graph id: a new id replaces the resource. */
export const entityKey = (input: string, entityType: string, noun: string) =>
  required<string>({
    onChange: "replace",
    parse: (v) => (isPlainSegment(v) ? v : undefined),
    allowed: `the id of a ${entityType}: ${segmentRule}`,
    missing: `${input} is required: the id of the ${entityType} to sync.`,
    docs: { type: "string, required", changeNote: `: one sync of the new ${noun}, none of the old` },
  });

/** Any JSON values; when they change (key order aside), the entity is synced again. */
export const triggers = optional<Triggers>({
  onChange: "sync",
  parse: (v) => (typeof v === "object" && v !== null && !triggersMeasure(v) ? (v as Triggers) : undefined),
  measure: triggersMeasure,
  opaque: true,
  allowed: `an array or an object of JSON values, at most ${triggerLimits.depth} levels deep and ${triggerLimits.bytes / 1024} KiB (${triggerLimits.bytes} bytes) as canonical JSON`,
  docs: { type: "array or object of JSON values", changeNote: " (key order does not count)" },
});

/** The tenant, overriding the provider's `connectorSync:tenantId`. A new tenant replaces the resource. */
export const tenantId = defaulted<string>({
  onChange: "replace",
  parse: parseTenant,
  allowed: tenantRule,
  fallback: (context) => context.tenantId,
  missing:
    "No tenant: set the resource's tenantId, or the provider's with `pulumi config set connectorSync:tenantId <id>`, or AZURE_TENANT_ID.",
  docs: { type: "tenant GUID or verified domain", fallback: "`connectorSync:tenantId`" },
});

/** `beta` (default: it accepts application permissions) or `v1.0`. A change makes no Graph call. */
export const apiVersion = defaulted<ApiVersion>({
  ...oneOf(apiVersions, { v1: "v1.0", "1.0": "v1.0" }),
  onChange: "setting",
  defaultValue: "beta",
  allowed: "'beta' or 'v1.0'",
  docs: { defaultNote: "(see [Permissions](../settings.md#permissions))" },
});

/** An action that Graph has in beta alone: the input is there so that a program may say so, and `v1.0` is refused. */
export const betaOnly = (action: string) =>
  defaulted<"beta">({
    onChange: "setting",
    parse: (v) => (v === "beta" ? "beta" : undefined),
    aliases: new Map([["beta", "beta"]]),
    values: ["beta"],
    defaultValue: "beta",
    allowed: `'beta': Graph has ${action} in beta only, not in v1.0`,
    docs: { defaultNote: "(Graph has this action in beta only)" },
  });

/** The national cloud; default `connectorSync:cloud`, else `global`. A change replaces the resource. */
export const cloud = defaulted<Cloud>({
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
});

/** After the sync, poll the entity until it shows the sync completed after the request, or fail after the timeout. */
export const waitForCompletion = defaulted<boolean | Partial<WaitForCompletion>, WaitForCompletion | false>({
  onChange: "setting",
  parse: checkWait,
  defaultValue: false,
  allowed:
    "true, false, or { timeoutSeconds?: number from 1 to 3600, pollIntervalSeconds?: number from 1 to timeoutSeconds }",
  docs: {
    type: "`boolean` \\| `{ timeoutSeconds?, pollIntervalSeconds? }`",
    defaultNote: "(`true` means 300 s, every 5 s)",
  },
});

/** An entity that does not exist is not an error: the resource records that it was not found, and syncs nothing. */
export const ignoreNotFound = defaulted<boolean>({
  onChange: "setting",
  parse: boolean,
  defaultValue: false,
  allowed: "true or false",
  docs: { type: "boolean" },
});

/**
 * `fail` (default): a sync that still fails after its retries fails the deployment. `warn`: the
 * deployment goes on with a warning, the resource records `syncPending: true`, and the next `up`
 * tries again. Refused settings and credentials fail either way.
 */
export const onFailure = defaulted<OnFailure>({
  ...oneOf(failurePolicies, { error: "fail", warning: "warn" }),
  onChange: "setting",
  defaultValue: "fail",
  allowed: "'fail' or 'warn'",
});

/** A token that expires within this many days (or has expired) is reported unhealthy. */
export const expiryWarningDays = defaulted<number>({
  onChange: "setting",
  parse: (v) => (typeof v === "number" && v >= 0 && v <= 365 ? v : undefined),
  defaultValue: 30,
  allowed: "a number of days from 0 to 365",
  docs: { type: "number of days" },
});

/**
 * The inputs every resource has, in the order its docs list them, with the action's own apiVersion
 * (both versions, or beta alone). An action with a key puts its key first.
 */
export const sharedInputs = <V>(version: V) => ({
  triggers,
  tenantId,
  apiVersion: version,
  cloud,
  waitForCompletion,
  onFailure,
});

/** The same, for an entity set's action: a key that may be missing, and ignoreNotFound for it. */
export const keyedInputs = <V>(version: V) => {
  const { onFailure: policy, ...rest } = sharedInputs(version);
  return { ...rest, ignoreNotFound, onFailure: policy };
};

/** A declared output: whether every state has it, and the docs' words. `Value` is a type only. */
export interface OutputSpec<Value, Always extends boolean> {
  readonly always: Always;
  readonly meaning: string;
  readonly value?: Value;
}

export const always = <Value>(meaning: string): OutputSpec<Value, true> => ({ always: true, meaning });
export const sometimes = <Value>(meaning: string): OutputSpec<Value, false> => ({ always: false, meaning });

/** What the core records of every sync, whatever the action: each action's outputs begin with these. */
export const syncOutputs = {
  /** How many syncs this resource has caused. */
  syncCount: always<number>("how many syncs this resource has caused"),
  /** When this resource last asked Graph for a sync (ISO 8601). */
  lastSyncRequestedAt: sometimes<string>("when it last asked for a sync (ISO 8601)"),
  /** Graph's request-id of the last sync, for Microsoft support. */
  lastRequestId: sometimes<string>("Graph's `request-id` of the last sync, for Microsoft support"),
  /** The client-request-id this package sent with the last sync. */
  lastClientRequestId: sometimes<string>("the `client-request-id` this package sent with the last sync"),
};

/** True when the last sync failed under onFailure "warn", or the entity reported it failed: the next `up` tries again. */
export const syncPending = always<boolean>(
  '`true` when the last sync failed and `onFailure` is `"warn"`, or the entity reported it failed: the next `up` tries again',
);
/** While syncPending: what the failure was, and the ids Microsoft support asks for. */
export const syncFailure = sometimes<SyncFailure>(
  "while `syncPending`: the failure's `code`, `status`, `graphCode`, `reported`, `requestId`, `clientRequestId`, `date`, `operationId`",
);
/** False when the entity was not found and ignoreNotFound is set. */
export const found = always<boolean>("`false` when the entity was missing and `ignoreNotFound` is set");
/** Whether the entity looked healthy when the last refresh, wait or rule read it. */
export const healthy = sometimes<boolean>(
  "`false` when the last `refresh`, wait or rule's read found the entity unhealthy (see Health)",
);
/** What every resource records last: a pending sync, its failure, and the entity's health. */
export const outcomeOutputs = {
  syncPending,
  syncFailure,
  healthy,
};

/** When the token expires, as the last read saw it. */
export const expiresAt = sometimes<string>("when the token expires (ISO 8601), as the last read saw it");

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
