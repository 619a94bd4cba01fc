// Discovery runs in the program's process, not the provider's: it reads the settings from the
// program's stack config (`connectorSync:*`) and the environment, with the provider's own reader.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import stringify from "safe-stable-stringify";
import { checkInputs } from "./check";
import { createContext, memo, type ProviderContext } from "./context";
import { ConnectorSyncError } from "./errors";
import type { ExchangeConnector } from "./graph/client";
import { explained } from "./hints";
import { type InputArgs, withDefaults } from "./inputs";
import { untrustedText } from "./redact";
import { type ProviderSettings, readSettings } from "./settings";

/** Where to list: each as ConnectorSync takes it, with the same defaults. */
export type GetExchangeConnectorsArgs = Pick<InputArgs, "tenantId" | "cloud" | "apiVersion">;
/** The same, each of which may be another resource's Output. */
export type GetExchangeConnectorsOutputArgs = {
  [K in keyof GetExchangeConnectorsArgs]: pulumi.Input<NonNullable<GetExchangeConnectorsArgs[K]>>;
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

const argNames = ["tenantId", "cloud", "apiVersion"] as const;
const infoFields = [
  "status",
  "lastSyncDateTime",
  "primarySmtpAddress",
  "serverName",
  "connectorServerName",
  "exchangeConnectorType",
  "version",
  "exchangeAlias",
  "exchangeOrganization",
] as const;

// One context per set of settings in a process, so that listings share a token per tenant.
const contexts = new Map<string, ProviderContext>();

/**
 * The key of a set of settings: a digest of their stable JSON, which holds the client secret. A Map
 * key lives as long as the process and shows in a heap dump or a debugger; a digest shows nothing.
 */
export const settingsKey = (settings: ProviderSettings): string =>
  createHash("sha256")
    .update(stringify(settings) ?? "")
    .digest("hex");

/**
 * The Exchange connectors of a tenant (default `connectorSync:tenantId`), listed through Graph with the
 * settings, credentials, retries and errors of ConnectorSync. It calls Graph whenever the program runs,
 * `pulumi preview` included: a preview then needs a Graph credential, unlike ConnectorSync's. Graph
 * pages long collections; this reads every page, and warns when one was not read (see listConnectors).
 */
export async function getExchangeConnectors(
  args: GetExchangeConnectorsArgs = {},
): Promise<ExchangeConnectorInfo[]> {
  const settings = readSettings({ get: (key) => pulumi.runtime.getConfig(key) }, process.env);
  const target = checked(args, settings);
  const context = memo(contexts, settingsKey(settings), () =>
    createContext({ settings, warn: (message) => pulumi.log.warn(message) }),
  );
  const { graphFor } = await import("./connect");
  const say = (line: string) => void pulumi.log.info(line);
  const listed = await graphFor(target, { settings, context, say })
    .then((graph) => graph.listConnectors())
    .catch((error: unknown) => {
      throw explained(error, target.apiVersion);
    });
  if (listed.dropped > 0) {
    await context.warn(
      `getExchangeConnectors: Graph listed ${listed.dropped} connector(s) of tenant ${target.tenantId} whose id is missing or not a plain id; they are left out.`,
    );
  }
  if (listed.more) {
    await context.warn(
      `getExchangeConnectors: Graph named a further page of the connectors of tenant ${target.tenantId} that was not read (outside the collection, or past 100 pages); only ${listed.connectors.length} are listed.`,
    );
  }
  return listed.connectors.map(info);
}

/** getExchangeConnectors as an Output, for arguments that are Outputs or for use with `apply`. */
export function getExchangeConnectorsOutput(
  args: GetExchangeConnectorsOutputArgs = {},
): pulumi.Output<ExchangeConnectorInfo[]> {
  return pulumi.output(args).apply((plain) => getExchangeConnectors(plain as GetExchangeConnectorsArgs));
}

/** The arguments checked as ConnectorSync checks the inputs of the same names; a bad one is refused first. */
function checked(args: GetExchangeConnectorsArgs, settings: ProviderSettings) {
  const refuse = (reason: string) =>
    new ConnectorSyncError(`getExchangeConnectors: ${reason}`, { code: "InvalidArgument" });
  const unknown = Object.keys(args).filter((key) => !(argNames as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw refuse(`'${unknown[0]}' is not an argument; the arguments are ${argNames.join(", ")}.`);
  }
  const { inputs, failures } = checkInputs(args, { tenantId: settings.tenantId, cloud: settings.cloud });
  // No connectorId is given, so its failure is not this function's.
  const failure = failures.find((f) => (argNames as readonly string[]).includes(f.property));
  if (failure) throw refuse(failure.reason);
  const { tenantId, cloud, apiVersion } = withDefaults(inputs);
  return { tenantId, cloud, apiVersion };
}

/**
 * Only the fields a connector is known to have, only when Graph sent them as strings, and each made
 * safe (no escape or control character, no token, at most 200 characters): a program may print them.
 */
function info(connector: ExchangeConnector): ExchangeConnectorInfo {
  const fields = infoFields.flatMap((name) => {
    const value = untrustedText(connector[name], 200);
    return value === undefined ? [] : [[name, value]];
  });
  return { id: connector.id, ...Object.fromEntries(fields) };
}
