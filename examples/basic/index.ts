// The basic program: one connector, synced once when it is created and again
// whenever the policy version it depends on changes.
//
//   pulumi config set connectorId <deviceManagementExchangeConnector id>
//   pulumi config set policyVersion 2      # the next `pulumi up` syncs once more
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSync } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const sync = new ConnectorSync("exchange-connector", {
    connectorId: config.require("connectorId"),
    syncType: "deltaSync",
    triggers: { policyVersion: config.getNumber("policyVersion") ?? 1 },
    waitForCompletion: { timeoutSeconds: 120, pollIntervalSeconds: 1 },
  });
  return {
    syncCount: sync.syncCount,
    lastSyncRequestedAt: sync.lastSyncRequestedAt,
    lastSyncDateTime: sync.lastSyncDateTime,
    lastRequestId: sync.lastRequestId,
  };
};
