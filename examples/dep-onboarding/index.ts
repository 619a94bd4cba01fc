// One Apple Automated Device Enrollment (DEP) token: its devices synced with Apple once when the
// resource is created, and again whenever deviceAssignment changes (raise it after you assign
// devices to Intune's MDM server in Apple Business Manager). Apple takes one sync per 15 minutes:
// see the README.
//
//   pulumi config set depOnboardingSettingId <depOnboardingSetting id>
//   pulumi config set deviceAssignment 2   # the next `pulumi up` syncs once more
import * as pulumi from "@pulumi/pulumi";
import { DepOnboardingSync } from "pulumi-intune-connector-sync";

export = async () => {
  const config = new pulumi.Config();
  const sync = new DepOnboardingSync("dep-onboarding", {
    depOnboardingSettingId: config.require("depOnboardingSettingId"),
    triggers: { deviceAssignment: config.getNumber("deviceAssignment") ?? 1 },
  });
  return {
    syncCount: sync.syncCount,
    // As the read before the last sync saw them (the next `pulumi refresh` reads them again).
    lastSyncDateTime: sync.lastSyncDateTime,
    healthy: sync.healthy,
    expiresAt: sync.expiresAt,
  };
};
