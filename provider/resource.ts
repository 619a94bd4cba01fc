import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "./clouds";
import type { ApiVersion, SyncType } from "./inputs";
import { providerShim } from "./shim";

export interface ConnectorSyncArgs {
  /** The id of the deviceManagementExchangeConnector to sync. A new id replaces the resource. */
  connectorId: pulumi.Input<string>;
  /** `fullSync` or `deltaSync` (default). A change syncs again. */
  syncType?: pulumi.Input<SyncType>;
  /** Any JSON values; when they change (key order aside), the connector is synced again. */
  triggers?: pulumi.Input<any[] | Record<string, any>>;
  /** The tenant, overriding the provider's `connectorSync:tenantId`. A new tenant replaces the resource. */
  tenantId?: pulumi.Input<string>;
  /** `beta` (default: it accepts application permissions) or `v1.0`. A change makes no Graph call. */
  apiVersion?: pulumi.Input<ApiVersion>;
  /** The national cloud; default `connectorSync:cloud`, else `global`. A change replaces the resource. */
  cloud?: pulumi.Input<Cloud>;
  /** After the sync, poll the connector until its lastSyncDateTime passes the request, or fail after the timeout. */
  waitForCompletion?: pulumi.Input<boolean | { timeoutSeconds?: number; pollIntervalSeconds?: number }>;
  /** A connector that does not exist is not an error: `connectorFound` says false and nothing is synced. */
  ignoreNotFound?: pulumi.Input<boolean>;
}

/** Syncs an Intune Exchange connector through Microsoft Graph when its triggers or its syncType change. */
export class ConnectorSync extends pulumi.dynamic.Resource {
  declare readonly connectorId: pulumi.Output<string>;
  declare readonly syncType: pulumi.Output<SyncType>;
  declare readonly triggers: pulumi.Output<any[] | Record<string, any> | undefined>;
  declare readonly tenantId: pulumi.Output<string>;
  declare readonly apiVersion: pulumi.Output<ApiVersion>;
  declare readonly cloud: pulumi.Output<Cloud>;
  declare readonly waitForCompletion: pulumi.Output<
    false | { timeoutSeconds: number; pollIntervalSeconds: number }
  >;
  declare readonly ignoreNotFound: pulumi.Output<boolean>;
  /** When this resource last asked Graph for a sync (ISO 8601). */
  declare readonly lastSyncRequestedAt: pulumi.Output<string | undefined>;
  /** How many syncs this resource has caused. */
  declare readonly syncCount: pulumi.Output<number>;
  /** Graph's request-id of the last sync, for Microsoft support. */
  declare readonly lastRequestId: pulumi.Output<string | undefined>;
  /** The client-request-id this package sent with the last sync. */
  declare readonly lastClientRequestId: pulumi.Output<string | undefined>;
  /** False when the connector was not found and ignoreNotFound is set. */
  declare readonly connectorFound: pulumi.Output<boolean>;
  /** The connector's status, as the last refresh or wait read it. */
  declare readonly connectorStatus: pulumi.Output<string | undefined>;
  /** The connector's lastSyncDateTime, as the last refresh or wait read it. */
  declare readonly lastSyncDateTime: pulumi.Output<string | undefined>;

  constructor(name: string, args: ConnectorSyncArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      lastSyncRequestedAt: undefined,
      syncCount: undefined,
      lastRequestId: undefined,
      lastClientRequestId: undefined,
      connectorFound: undefined,
      connectorStatus: undefined,
      lastSyncDateTime: undefined,
    };
    super(providerShim, name, { ...args, ...outputs }, opts, "intune", "ConnectorSync");
  }
}
