// Every Exchange connector of each listed tenant: the program lists them through Graph each time it
// runs (a preview too, so it needs a Graph credential), and syncs each one once when it first appears
// and again whenever resyncGeneration rises.
//
//   pulumi config set --path 'tenants[0]' <tenant id>
//   pulumi config set resyncGeneration 2   # the next `pulumi up` syncs every connector once more
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSync, getExchangeConnectors } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const tenants = config.requireObject<string[]>("tenants");
  const resyncGeneration = config.getNumber("resyncGeneration") ?? 1;
  // The promise form: resources must be declared from plain values, not inside an apply.
  const listed = await Promise.all(tenants.map((tenantId) => getExchangeConnectors({ tenantId })));
  const connectors: Record<string, pulumi.Output<boolean | undefined>> = {};
  tenants.forEach((tenantId, i) => {
    for (const { id } of listed[i]) {
      const sync = new ConnectorSync(`${tenantId}-${id}`, {
        tenantId,
        connectorId: id,
        triggers: { resyncGeneration },
        // One connector's failure is a warning, and its sync is tried again by the next `up`.
        onFailure: "warn",
        // Reads each connector after its sync: connectorHealthy says which ones still sync.
        waitForCompletion: { timeoutSeconds: 300, pollIntervalSeconds: 5 },
      });
      connectors[`${tenantId}/${id}`] = sync.connectorHealthy;
    }
  });
  return { connectorsHealthy: connectors };
};
