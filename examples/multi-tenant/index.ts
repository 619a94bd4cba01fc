// One multi-tenant app registration, many customer tenants, one stack: each
// resource names its tenant, and a tenant without a connector is no error.
//
//   pulumi config set --path 'tenants[0].tenantId' <tenant id>
//   pulumi config set --path 'tenants[0].connectorId' <connector id>
//   pulumi config set resyncGeneration 1   # raise it to resync every tenant once
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSync } from "pulumi-intune-connector-sync";

interface Tenant {
  tenantId: string;
  connectorId: string;
}

export = async () => {
  const config = new pulumi.Config();
  const tenants = config.requireObject<Tenant[]>("tenants");
  const resyncGeneration = config.getNumber("resyncGeneration") ?? 1;
  const syncs = tenants.map(
    ({ tenantId, connectorId }) =>
      new ConnectorSync(`exchange-${tenantId}`, {
        tenantId,
        connectorId,
        triggers: { resyncGeneration },
        ignoreNotFound: true,
      }),
  );
  return {
    connectorsFound: syncs.map((sync) => sync.connectorFound),
    syncCounts: syncs.map((sync) => sync.syncCount),
  };
};
