// ConnectorSync: POST /deviceManagement/exchangeConnectors/{id}/sync with {"syncType": …}, answered
// 204, in v1.0 and beta (Graph: intune-onboarding-devicemanagementexchangeconnector-sync). Released in
// 0.1.0: its names, inputs and record keys are what existing states hold, and never change.

import { defineAction, type Entity, text } from "../core/action";
import {
  always,
  apiVersion,
  entityKey,
  keyedInputs,
  sometimes,
  syncFailure,
  syncOutputs,
  syncPending,
} from "../core/common";
import { defaulted, oneOf } from "../core/declare";
import type { StateOf } from "../core/provider";
import { serverTime } from "../times";

export const syncTypes = ["fullSync", "deltaSync"] as const;
/** The Graph enum deviceManagementExchangeConnectorSyncType: a full or a delta sync. */
export type SyncType = (typeof syncTypes)[number];

/** Where Microsoft says that support for the on-premises Exchange connector ended. */
export const supportNotice = "https://learn.microsoft.com/mem/intune/protect/exchange-connector-install";

/** Statuses of deviceManagementExchangeConnectorStatus that mean the connector does not reach Intune. */
export const unhealthyStatuses: readonly string[] = ["disconnected", "none"];

const dayMs = 86_400_000;

const inputs = {
  /** The id of the deviceManagementExchangeConnector to sync. A new id replaces the resource. */
  connectorId: entityKey("connectorId", "deviceManagementExchangeConnector", "connector"),
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
  ...keyedInputs(apiVersion),
  /** A connector whose lastSyncDateTime is older than this many days is reported unhealthy. */
  staleAfterDays: defaulted<number>({
    onChange: "setting",
    parse: (v) => (typeof v === "number" && v > 0 && v <= 3650 ? v : undefined),
    defaultValue: 30,
    allowed: "a number of days above 0 and at most 3650",
    docs: { type: "number of days" },
  }),
};

const outputs = {
  ...syncOutputs,
  /** False when the connector was not found and ignoreNotFound is set. */
  connectorFound: always<boolean>("`false` when the connector was missing and `ignoreNotFound` is set"),
  /** The connector's status, as the last refresh or wait read it. */
  connectorStatus: sometimes<string>("the connector's `status`, as the last `refresh` or wait read it"),
  /** The connector's lastSyncDateTime, as the last refresh or wait read it. */
  lastSyncDateTime: sometimes<string>(
    "the connector's `lastSyncDateTime`, as the last `refresh` or wait read it",
  ),
  syncPending,
  syncFailure,
  /** Whether the connector looked healthy when the last refresh or wait read it (see Connector health). */
  connectorHealthy: sometimes<boolean>(
    "`false` when the last `refresh` or wait found the connector unhealthy ([Connector health](#connector-health))",
  ),
};

const endOfSupport = [
  "Graph accepts a sync (204) that such a connector may never run. Microsoft ended support for the",
  "on-premises Intune Exchange connector on 19 February 2024, after which it no longer syncs with",
  `Intune: ${supportNotice}`,
].join(" ");

const quote = (value: string | undefined) => (value === undefined ? "unset" : JSON.stringify(value));

export const exchangeConnector = defineAction({
  name: "ConnectorSync",
  providerExport: "connectorSyncProvider",
  entity: {
    path: "deviceManagement/exchangeConnectors",
    type: "deviceManagementExchangeConnector",
    noun: "connector",
    plural: "connectors",
  },
  key: "connectorId",
  endpoint: { action: "sync", body: ({ syncType }) => ({ syncType }), versions: ["beta", "v1.0"] },
  permissions: ["DeviceManagementServiceConfig.ReadWrite.All"],
  throttling: "enrollment",
  docsUrl:
    "https://learn.microsoft.com/graph/api/intune-onboarding-devicemanagementexchangeconnector-sync?view=graph-rest-beta",
  inputs,
  outputs,
  names: { found: "connectorFound", healthy: "connectorHealthy" },
  // A wait's poll and a refresh ask Graph for these alone: fewer bytes per poll, less of a server's text.
  select: ["id", "status", "lastSyncDateTime"],
  syncTime: (connector) => text(connector, "lastSyncDateTime"),
  observe: (connector) => ({
    connectorStatus: text(connector, "status"),
    lastSyncDateTime: text(connector, "lastSyncDateTime"),
  }),
  // Graph answers 204 to a sync of a connector that will never run it, so the connector itself is judged.
  health(connector, { staleAfterDays }, now, stalled) {
    const reasons: string[] = [];
    const status = text(connector, "status");
    if (status !== undefined && unhealthyStatuses.includes(status)) reasons.push(`its status is "${status}"`);
    // A time in the future is unreadable too: it would look like a fresh sync forever.
    const last = serverTime(text(connector, "lastSyncDateTime"), now);
    if (last === undefined) reasons.push("it has no readable lastSyncDateTime");
    else if (now - last > staleAfterDays * dayMs) {
      reasons.push(`it last synced more than ${staleAfterDays} days ago (staleAfterDays)`);
    }
    if (stalled)
      reasons.push(`its lastSyncDateTime did not move in the ${stalled.seconds} s the wait lasted`);
    return reasons;
  },
  // The end of support is said only of what was measured of the connector itself: a wait too short
  // for its sync (stalled) says nothing of it.
  healthNote(connector, inputs, now) {
    if (exchangeConnector.health(connector, inputs, now).length === 0) return undefined;
    return endOfSupport;
  },
  describe: ({ syncType, connectorId }) => `the ${syncType} of connector '${connectorId}'`,
  shown: (connector: Entity) => `lastSyncDateTime is ${quote(text(connector, "lastSyncDateTime"))}`,
  // The status is shown only when no reason names it already.
  state(connector: Entity) {
    const status = text(connector, "status");
    const last = `lastSyncDateTime ${quote(text(connector, "lastSyncDateTime"))}`;
    return status !== undefined && unhealthyStatuses.includes(status)
      ? last
      : `status ${quote(status)}, ${last}`;
  },
  advice: {
    where: "Tenant administration > Connectors and tokens > Exchange connector",
    badRequest:
      "Graph refused the request: check that syncType is 'fullSync' or 'deltaSync' and that connectorId is a connector id.",
    noneInTenant: (tenant) =>
      `Tenant ${tenant} has no Exchange connector at all. Microsoft ended support for the on-premises Exchange connector in February 2024; set ignoreNotFound: true where a tenant may have none.`,
  },
});

/** ConnectorSync's state, as the provider writes it. */
export type ConnectorSyncState = StateOf<typeof inputs, typeof outputs>;
