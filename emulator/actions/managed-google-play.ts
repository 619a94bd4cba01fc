// Managed Google Play, a singleton: POST /deviceManagement/androidManagedStoreAccountEnterprise
// Settings/syncApps, beta only, 204 (Graph: intune-androidforwork-androidmanagedstoreaccountenterprisesettings-syncapps). The page documents no refusal; an account not
// bound is the rule.
import { type ActionEntry, iso } from "./entry";

export interface ManagedGooglePlaySettings {
  id: string;
  bindStatus: "notBound" | "bound" | "boundAndValidated" | "unbinding";
  lastAppSyncDateTime: string;
  lastAppSyncStatus:
    | "success"
    | "credentialsNotValid"
    | "androidForWorkApiError"
    | "managementServiceError"
    | "unknownError"
    | "none";
  ownerUserPrincipalName: string;
  [key: string]: unknown;
}

export const managedGooglePlay: ActionEntry<ManagedGooglePlaySettings> = {
  path: "deviceManagement/androidManagedStoreAccountEnterpriseSettings",
  segment: "androidManagedStoreAccountEnterpriseSettings",
  entityType: "microsoft.graph.androidManagedStoreAccountEnterpriseSettings",
  singleton: true,
  versions: ["beta"],
  action: "syncApps",
  routes: { get: "getManagedGooglePlay", sync: "syncManagedGooglePlay" },
  intuneService: "/AndroidForWorkFEService",
  properties: ["id", "bindStatus", "lastAppSyncDateTime", "lastAppSyncStatus", "ownerUserPrincipalName"],
  // Both stored sync pages: Configuration only. Reading: ASSUMPTION, Configuration's Read or ReadWrite.
  permissions: {
    read: ["DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"],
    write: ["DeviceManagementConfiguration.ReadWrite.All"],
  },
  answersEntity: false,
  // ASSUMPTION: Graph documents no answer for an account not bound. The emulator answers 400
  // BadRequest, the status Intune gives a request its state cannot serve (not 409: nothing else is
  // running that a retry could wait out).
  refuse(settings) {
    if (settings.bindStatus === "bound" || settings.bindStatus === "boundAndValidated") return undefined;
    return {
      status: 400,
      code: "BadRequest",
      message: `The Managed Google Play account is ${settings.bindStatus}: bind it before syncing apps.`,
    };
  },
  // The status has no "in progress" value: nothing moves until the sync completes.
  started() {},
  completed(settings, at, failed) {
    settings.lastAppSyncStatus = failed ? "androidForWorkApiError" : "success";
    settings.lastAppSyncDateTime = iso(at);
  },
};

export function seedManagedGooglePlay(
  tenantId: string,
  organization: string,
  bindStatus: ManagedGooglePlaySettings["bindStatus"],
): ManagedGooglePlaySettings {
  return {
    id: tenantId,
    bindStatus,
    lastAppSyncDateTime: "2026-01-05T08:00:00Z",
    lastAppSyncStatus: bindStatus === "notBound" ? "none" : "success",
    ownerUserPrincipalName: `admin@${organization}.example`,
  };
}
