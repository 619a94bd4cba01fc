// The tenant's Managed Google Play settings, a singleton: its apps synced once when the resource is
// created, and again whenever approvedAppsVersion changes (raise it after you approve apps in the
// Managed Google Play store). A tenant that is not bound to Managed Google Play is refused.
//
//   pulumi config set approvedAppsVersion 2   # the next `pulumi up` syncs the apps once more
import * as pulumi from "@pulumi/pulumi";
import { ManagedGooglePlaySync } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const sync = new ManagedGooglePlaySync("managed-google-play", {
    triggers: { approvedAppsVersion: config.getNumber("approvedAppsVersion") ?? 1 },
  });
  return {
    syncCount: sync.syncCount,
    // As the read before the last sync saw them (the next `pulumi refresh` reads them again).
    lastSyncDateTime: sync.lastSyncDateTime,
    healthy: sync.healthy,
  };
};
