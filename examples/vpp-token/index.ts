// One Apple VPP token: its licenses synced once when the resource is created, and again whenever
// the version of the app assignments that use them changes.
//
//   pulumi config set vppTokenId <vppToken id>
//   pulumi config set appsVersion 2        # the next `pulumi up` syncs the licenses once more
import * as pulumi from "@pulumi/pulumi";
import { VppTokenSync } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const sync = new VppTokenSync("vpp-token", {
    vppTokenId: config.require("vppTokenId"),
    triggers: { appsVersion: config.getNumber("appsVersion") ?? 1 },
  });
  return {
    syncCount: sync.syncCount,
    // As the read before the last sync saw them (the next `pulumi refresh` reads them again).
    lastSyncDateTime: sync.lastSyncDateTime,
    healthy: sync.healthy,
    expiresAt: sync.expiresAt,
  };
};
