// Discovery runs in the program's process, not the provider's: it reads the settings from the
// program's stack config (`connectorSync:*`) and the environment, with the provider's own reader.
import * as pulumi from "@pulumi/pulumi";
import { depOnboarding, exchangeConnector, vppToken } from "./actions";
import { createContext, memo, type ProviderContext, settingsKey } from "./context";
import type { Action } from "./core/action";
import { checkInputs } from "./core/check";
import { withDefaults } from "./core/diff";
import { explained } from "./core/hints";
import { warnOfUnknownSettings } from "./core/resource";
import { ConnectorSyncError } from "./errors";
import type { Entity } from "./graph/client";
import { untrustedText } from "./redact";
import type { ConnectorSyncArgs } from "./resources";
import { type ProviderSettings, readSettings } from "./settings";

type Plain<T> = { [K in keyof T]?: T[K] extends pulumi.Input<infer V> ? V : never };

/** Where to list: each as the resources take it, with the same defaults. */
export type GetExchangeConnectorsArgs = Pick<Plain<ConnectorSyncArgs>, "tenantId" | "cloud" | "apiVersion">;
/** The same, each of which may be another resource's Output. */
export type GetExchangeConnectorsOutputArgs = {
  [K in keyof GetExchangeConnectorsArgs]: pulumi.Input<NonNullable<GetExchangeConnectorsArgs[K]>>;
};
/** Where to list VPP tokens: in beta (default) or v1.0. */
export type GetVppTokensArgs = GetExchangeConnectorsArgs;
export type GetVppTokensOutputArgs = GetExchangeConnectorsOutputArgs;
/** Where to list DEP onboarding settings: Graph has them in beta alone. */
export type GetDepOnboardingSettingsArgs = Omit<GetExchangeConnectorsArgs, "apiVersion"> & {
  apiVersion?: "beta";
};
export type GetDepOnboardingSettingsOutputArgs = {
  [K in keyof GetDepOnboardingSettingsArgs]: pulumi.Input<NonNullable<GetDepOnboardingSettingsArgs[K]>>;
};

/** A deviceManagementExchangeConnector as Graph describes it: its properties that are strings. */
export interface ExchangeConnectorInfo {
  id: string;
  /** none, connectionPending, connected or disconnected. */
  status?: string;
  lastSyncDateTime?: string;
  primarySmtpAddress?: string;
  serverName?: string;
  connectorServerName?: string;
  exchangeConnectorType?: string;
  version?: string;
  exchangeAlias?: string;
  exchangeOrganization?: string;
}

/** A vppToken as Graph describes it, less its secret `token`: never asked for, so never read. */
export interface VppTokenInfo {
  id: string;
  displayName?: string;
  organizationName?: string;
  /** valid, expired, invalid, assignedToExternalMDM, duplicateLocationId (beta) or unknown. */
  state?: string;
  expirationDateTime?: string;
  lastSyncDateTime?: string;
  /** none, inProgress, completed or failed. */
  lastSyncStatus?: string;
  countryOrRegion?: string;
}

/** A depOnboardingSetting (an Apple ADE token) as Graph describes it. */
export interface DepOnboardingSettingInfo {
  id: string;
  appleIdentifier?: string;
  tokenName?: string;
  tokenExpirationDateTime?: string;
  lastSuccessfulSyncDateTime?: string;
  lastSyncTriggeredDateTime?: string;
  /** Apple's error code of the last sync; 0 is none. */
  lastSyncErrorCode?: number;
}

const argNames = ["tenantId", "cloud", "apiVersion"] as const;

/** What one listing asks for: the action whose entity set it lists, and the fields it keeps (all strings, save `numbers`). */
interface Listing {
  name: string;
  action: Action;
  strings: readonly string[];
  numbers?: readonly string[];
}

const connectorListing: Listing = {
  name: "getExchangeConnectors",
  action: exchangeConnector as never,
  strings: [
    "status",
    "lastSyncDateTime",
    "primarySmtpAddress",
    "serverName",
    "connectorServerName",
    "exchangeConnectorType",
    "version",
    "exchangeAlias",
    "exchangeOrganization",
  ],
};
const vppListing: Listing = {
  name: "getVppTokens",
  action: vppToken as never,
  strings: [
    "displayName",
    "organizationName",
    "state",
    "expirationDateTime",
    "lastSyncDateTime",
    "lastSyncStatus",
    "countryOrRegion",
  ],
};
const depListing: Listing = {
  name: "getDepOnboardingSettings",
  action: depOnboarding as never,
  strings: [
    "appleIdentifier",
    "tokenName",
    "tokenExpirationDateTime",
    "lastSuccessfulSyncDateTime",
    "lastSyncTriggeredDateTime",
  ],
  numbers: ["lastSyncErrorCode"],
};

// One context per set of settings in a process, so that listings share a token per tenant.
const contexts = new Map<string, ProviderContext>();

/**
 * The Exchange connectors of a tenant (default `connectorSync:tenantId`), listed through Graph with the
 * settings, credentials, retries and errors of the resources. It calls Graph whenever the program runs,
 * `pulumi preview` included: a preview then needs a Graph credential, unlike the resources'. Graph
 * pages long collections; this reads every page, and warns when one was not read.
 */
export const getExchangeConnectors = (args: GetExchangeConnectorsArgs = {}) =>
  list(connectorListing, args) as Promise<unknown> as Promise<ExchangeConnectorInfo[]>;

/** getExchangeConnectors as an Output, for arguments that are Outputs or for use with `apply`. */
export const getExchangeConnectorsOutput = (args: GetExchangeConnectorsOutputArgs = {}) =>
  pulumi.output(args).apply((plain) => getExchangeConnectors(plain as GetExchangeConnectorsArgs));

/** The tenant's Apple VPP tokens, as getExchangeConnectors lists connectors; a token's secret is never asked for. */
export const getVppTokens = (args: GetVppTokensArgs = {}) =>
  list(vppListing, args) as Promise<unknown> as Promise<VppTokenInfo[]>;

/** getVppTokens as an Output. */
export const getVppTokensOutput = (args: GetVppTokensOutputArgs = {}) =>
  pulumi.output(args).apply((plain) => getVppTokens(plain as GetVppTokensArgs));

/** The tenant's Apple ADE (DEP) onboarding settings, one per token, as getExchangeConnectors lists connectors. */
export const getDepOnboardingSettings = (args: GetDepOnboardingSettingsArgs = {}) =>
  list(depListing, args) as Promise<unknown> as Promise<DepOnboardingSettingInfo[]>;

/** getDepOnboardingSettings as an Output. */
export const getDepOnboardingSettingsOutput = (args: GetDepOnboardingSettingsOutputArgs = {}) =>
  pulumi.output(args).apply((plain) => getDepOnboardingSettings(plain as GetDepOnboardingSettingsArgs));

async function list(listing: Listing, args: object): Promise<Record<string, unknown>[]> {
  warnOfUnknownSettings();
  const settings = readSettings({ get: (key) => pulumi.runtime.getConfig(key) }, process.env);
  const target = checked(listing, args, settings);
  const context = memo(contexts, settingsKey(settings), () =>
    createContext({ settings, warn: (message) => pulumi.log.warn(message) }),
  );
  const { graphFor } = await import("./connect");
  const say = (line: string) => void pulumi.log.info(line);
  const { action, name } = listing;
  const select = ["id", ...listing.strings, ...(listing.numbers ?? [])];
  const listed = await graphFor(target, { settings, context, say, name })
    .then((graph) => graph.list({ ...action.entity }, listing === connectorListing ? undefined : select))
    .catch((error: unknown) => {
      throw explained(error, action, target.apiVersion, settings.sources);
    });
  const { plural } = action.entity;
  if (listed.dropped > 0) {
    await context.warn(
      `${name}: Graph listed ${listed.dropped} ${plural} of tenant ${target.tenantId} whose id is missing or not a plain id; they are left out.`,
    );
  }
  if (listed.more) {
    await context.warn(
      `${name}: Graph named a further page of the ${plural} of tenant ${target.tenantId} that was not read (outside the collection, or past 100 pages or 10,000 entries); only ${listed.entities.length} are listed.`,
    );
  }
  return listed.entities.map((entity) => info(listing, entity));
}

/** The arguments checked as the resources check the inputs of the same names; a bad one is refused first. */
function checked(listing: Listing, args: object, settings: ProviderSettings) {
  const refuse = (reason: string) =>
    new ConnectorSyncError(`${listing.name}: ${reason}`, { code: "InvalidArgument" });
  const unknown = Object.keys(args).filter((key) => !(argNames as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw refuse(`'${unknown[0]}' is not an argument; the arguments are ${argNames.join(", ")}.`);
  }
  const { action } = listing;
  const context = { tenantId: settings.tenantId, cloud: settings.cloud };
  const { inputs, failures } = checkInputs(action, args as Record<string, unknown>, context);
  // No key is given, so its failure is not this function's.
  const failure = failures.find((f) => (argNames as readonly string[]).includes(f.property));
  if (failure) throw refuse(failure.reason);
  const { tenantId, cloud, apiVersion } = withDefaults(action.inputs, inputs) as {
    tenantId: string;
    cloud: never;
    apiVersion: string;
  };
  return { tenantId, cloud, apiVersion };
}

/**
 * Only the fields an entity is known to have, only when Graph sent them with their type, and each
 * string made safe (no escape or control character, no token, at most 200 characters): a program may
 * print them.
 */
function info({ strings, numbers = [] }: Listing, entity: Entity): Record<string, unknown> {
  const texts = strings.flatMap((name) => {
    const value = untrustedText(entity[name], 200);
    return value === undefined ? [] : [[name, value]];
  });
  const counts = numbers.flatMap((name) =>
    typeof entity[name] === "number" && Number.isSafeInteger(entity[name]) ? [[name, entity[name]]] : [],
  );
  return { id: entity.id, ...Object.fromEntries(texts), ...Object.fromEntries(counts) };
}
