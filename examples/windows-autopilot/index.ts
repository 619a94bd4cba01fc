// The tenant's Windows Autopilot settings, a singleton: its devices synced with the Autopilot service
// once when the resource is created, and again whenever deviceImport changes (raise it after you
// import a batch of hardware hashes). Autopilot takes one manual sync per 10 minutes: see the README.
//
//   pulumi config set deviceImport 2       # the next `pulumi up` syncs once more
import * as pulumi from "@pulumi/pulumi";
import { WindowsAutopilotSync } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const sync = new WindowsAutopilotSync("windows-autopilot", {
    triggers: { deviceImport: config.getNumber("deviceImport") ?? 1 },
  });
  return {
    syncCount: sync.syncCount,
    // As the read before the last sync saw them (the next `pulumi refresh` reads them again).
    lastSyncDateTime: sync.lastSyncDateTime,
    healthy: sync.healthy,
  };
};
