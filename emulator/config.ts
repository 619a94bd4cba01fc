import { readFileSync } from "node:fs";
import deepmerge from "deepmerge";
import { type DepOnboardingSetting, seedDepOnboardingSetting } from "./actions/dep-onboarding";
import { type ManagedGooglePlaySettings, seedManagedGooglePlay } from "./actions/managed-google-play";
import { seedVppToken, type VppToken } from "./actions/vpp-token";
import { seedWindowsAutopilotSettings, type WindowsAutopilotSettings } from "./actions/windows-autopilot";
import { latencyModel, parse } from "./control-schema";
import type { LatencyModel } from "./latency";

export type { DepOnboardingSetting, ManagedGooglePlaySettings, VppToken, WindowsAutopilotSettings };

export type ConnectorStatus = "none" | "connectionPending" | "connected" | "disconnected";

/** deviceManagementExchangeConnector, as Graph returns it. */
export interface ExchangeConnector {
  id: string;
  lastSyncDateTime: string;
  status: ConnectorStatus;
  primarySmtpAddress: string;
  serverName: string;
  connectorServerName: string;
  exchangeConnectorType: "onPremises" | "hosted" | "serviceToService" | "dedicated";
  version: string;
  exchangeAlias: string;
  exchangeOrganization: string;
}

export interface TenantConfig {
  tenantId: string;
  /** Names that Entra ID also accepts in place of the id, such as contoso.onmicrosoft.com. */
  domains?: string[];
  connectors: ExchangeConnector[];
  // The other sync actions' entities, each named for its entity set or singleton. A tenant without
  // one has no such entity: its list is empty, its singleton a 404.
  vppTokens?: VppToken[];
  depOnboardingSettings?: DepOnboardingSetting[];
  windowsAutopilotSettings?: WindowsAutopilotSettings;
  androidManagedStoreAccountEnterpriseSettings?: ManagedGooglePlaySettings;
}

export interface FederatedCredential {
  /** The token issuer; "self" is the emulator's own OIDC issuer, the one `emu.oidc` mints for. */
  issuer: string;
  subject: string;
  /** Defaults to api://AzureADTokenExchange, as in Entra ID. */
  audience?: string;
}

export interface AppConfig {
  appId: string;
  displayName?: string;
  secrets?: string[];
  /** PEM certificates whose private key may sign a client assertion. */
  certificates?: string[];
  federatedCredentials?: FederatedCredential[];
  /** The application roles granted to the app, per tenant id. An app with no entry for a tenant is unknown there. */
  roles?: Record<string, string[]>;
}

export interface EmulatorConfig {
  tenants: TenantConfig[];
  apps: AppConfig[];
  /** How long after a 204 (or VPP's 200) a sync takes to move the connector's (or entity's) fields. */
  syncCompletionMs: number;
  /**
   * How many entities a page of the VPP token and DEP onboarding lists holds before @odata.nextLink
   * (the connector list answers whole, as before). Graph documents no size for these lists.
   */
  pageSize: number;
  tokenLifetimeSeconds: number;
  /**
   * The audiences Graph accepts: the Graph host of the cloud it stands for. A
   * token for another cloud's Graph is a 401, as the real Graph answers.
   */
  graphAudiences: string[];
  /** The v1.0 page says application permissions are "Not supported"; set true to let v1.0 accept app tokens. */
  v1AcceptsApplicationTokens: boolean;
  /**
   * What the stand-ins for GitHub Actions and Azure Pipelines expect and hand
   * out. Azure Pipelines' token has the subject sc://contoso/platform/{serviceConnectionId}.
   */
  ci: { githubRequestToken: string; githubSubject: string; azurePipelinesAccessToken: string };
  /**
   * Intune's own refusals (403, 404, a bad body, a fault's 429 or 5xx on the connector routes) carry
   * error.message as Intune sends it: a JSON string with an Operation ID, an Activity ID and a URL,
   * and nothing a person could act on. false answers a plain sentence instead.
   */
  intuneErrorEnvelope: boolean;
  /**
   * How long answers take, per route family: `{ graph: { medianMs: 120, jitterMs: 40 }, token: {...},
   * seed }`. Default none: every answer at once. `emu.latency.set` changes it while running.
   */
  latency: LatencyModel;
}

const writeRole = "DeviceManagementServiceConfig.ReadWrite.All";
const readRole = "DeviceManagementServiceConfig.Read.All";
const actionRoles = ["DeviceManagementApps.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"];

function connector(n: number, organization: string, status: ConnectorStatus): ExchangeConnector {
  const host = `exch${String(n).padStart(2, "0")}.${organization}.example`;
  return {
    id: `${organization}-connector-${n}`,
    lastSyncDateTime: "2026-01-05T08:00:00Z",
    status,
    primarySmtpAddress: `intune-sync@${organization}.example`,
    serverName: host,
    connectorServerName: `INTUNE-CONN-${n}`,
    exchangeConnectorType: "onPremises",
    version: "20.0.3.4",
    exchangeAlias: "intunesync",
    exchangeOrganization: organization,
  };
}

/** Two tenants, a multi-tenant app holding the write role, a read-only app, and a few connectors. */
export function defaultConfig(): EmulatorConfig {
  const contoso = "8e5a7a3c-2f1d-4b59-9c1e-0d3b6a7f1c01";
  const fabrikam = "1b4c9d2e-7a3f-4e08-b6d5-5f2a8c9e0b02";
  return {
    tenants: [
      {
        tenantId: contoso,
        domains: ["contoso.onmicrosoft.com"],
        connectors: [
          connector(1, "contoso", "connected"),
          connector(2, "contoso", "connected"),
          connector(3, "contoso", "disconnected"),
        ],
        vppTokens: [seedVppToken("contoso", 1, "valid"), seedVppToken("contoso", 2, "expired")],
        depOnboardingSettings: [seedDepOnboardingSetting("contoso", 1)],
        windowsAutopilotSettings: seedWindowsAutopilotSettings(contoso),
        androidManagedStoreAccountEnterpriseSettings: seedManagedGooglePlay(
          contoso,
          "contoso",
          "boundAndValidated",
        ),
      },
      {
        tenantId: fabrikam,
        domains: ["fabrikam.onmicrosoft.com"],
        connectors: [connector(1, "fabrikam", "connected"), connector(2, "fabrikam", "connectionPending")],
        vppTokens: [seedVppToken("fabrikam", 1, "valid")],
        depOnboardingSettings: [
          seedDepOnboardingSetting("fabrikam", 1),
          seedDepOnboardingSetting("fabrikam", 2),
        ],
        windowsAutopilotSettings: seedWindowsAutopilotSettings(fabrikam),
        androidManagedStoreAccountEnterpriseSettings: seedManagedGooglePlay(fabrikam, "fabrikam", "notBound"),
      },
    ],
    apps: [
      {
        appId: "5d1c7f0e-3b2a-4c6d-8e9f-a1b2c3d4e5f6",
        displayName: "platform-deployer",
        secrets: ["emulator-writer-secret-Qm9vdHN0cmFw"],
        federatedCredentials: [
          { issuer: "self", subject: "repo:contoso/platform:environment:production" },
          { issuer: "self", subject: "sc://contoso/platform/platform-connection" },
        ],
        roles: { [contoso]: [writeRole], [fabrikam]: [writeRole] },
      },
      {
        appId: "0f9e8d7c-6b5a-4938-a2b1-c0d9e8f7a6b5",
        displayName: "auditor",
        secrets: ["emulator-reader-secret-UmVhZE9ubHk"],
        roles: { [contoso]: [readRole] },
      },
      {
        // The other actions' writer: VPP's and Managed Google Play's syncs need Apps or Configuration,
        // which the connector's writer (whose roles stay as they were) lacks.
        appId: "7a6b5c4d-3e2f-4a1b-9c8d-e7f6a5b4c3d2",
        displayName: "intune-admin",
        secrets: ["emulator-admin-secret-SW50dW5lQWRt"],
        roles: { [contoso]: actionRoles, [fabrikam]: actionRoles },
      },
    ],
    syncCompletionMs: 3000,
    pageSize: 100,
    tokenLifetimeSeconds: 3599,
    graphAudiences: ["https://graph.microsoft.com"],
    v1AcceptsApplicationTokens: false,
    intuneErrorEnvelope: true,
    latency: {},
    ci: {
      githubRequestToken: "emulator-github-request-token",
      githubSubject: "repo:contoso/platform:environment:production",
      azurePipelinesAccessToken: "emulator-azure-pipelines-access-token",
    },
  };
}

/** Any part of a config: objects in part, arrays whole (a list given is the list wanted). */
export type ConfigOverrides<T = EmulatorConfig> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? ConfigOverrides<T[K]>
      : T[K];
};

/**
 * A config file or object merged deeply into the default: `{"ci": {"githubSubject": "..."}}` keeps
 * the other ci fields. Arrays replace the default's, since merging lists of tenants or apps by
 * position would mix two different directories. deepmerge skips a "__proto__" key, so a config file
 * can never reach a prototype.
 */
export function loadConfig(source?: ConfigOverrides | string): EmulatorConfig {
  const given = typeof source === "string" ? JSON.parse(readFileSync(source, "utf8")) : (source ?? {});
  const what = typeof source === "string" ? `The config file ${source}` : "The config";
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new Error(`${what} is ${JSON.stringify(given)}: give a JSON object with the fields to change.`);
  }
  const merged = deepmerge<EmulatorConfig>(defaultConfig(), given, { arrayMerge: (_, list) => list });
  // Checked here, so that a wrong latency stops the start with the field named, not the first request.
  try {
    merged.latency = parse(latencyModel, merged.latency, "latency");
  } catch (error: any) {
    throw new Error(`${what} has a wrong latency. ${error.message}`);
  }
  // Cloned, so that the running emulator never shares objects (the arrays given) with the caller's.
  return structuredClone(merged);
}

/** The tenant an id or one of its domain names (any case) stands for, as Entra ID resolves it. */
export function findTenant(config: EmulatorConfig, name: string): TenantConfig | undefined {
  const wanted = name.toLowerCase();
  return config.tenants.find(
    (t) => t.tenantId === wanted || t.domains?.some((d) => d.toLowerCase() === wanted),
  );
}
