// ManagedGooglePlaySync: POST /deviceManagement/androidManagedStoreAccountEnterpriseSettings/syncApps,
// a singleton, no body, answered 204, in beta only (Graph: intune-androidforwork-
// androidmanagedstoreaccountenterprisesettings-syncapps). Its settings hold `companyCodes`, the
// tenant's enrollment tokens: never selected, so never read, kept or shown.
import { defineAction, passed, text } from "../core/action";
import { betaOnly, outcomeOutputs, sharedInputs, sometimes, syncOutputs } from "../core/common";

const bound = ["bound", "boundAndValidated"];
/** lastAppSyncStatus values that are no failure: a success, or no sync yet. */
const fine = ["success", "none"];

const inputs = sharedInputs(betaOnly("androidManagedStoreAccountEnterpriseSettings/syncApps"));

const outputs = {
  ...syncOutputs,
  /** The settings' lastAppSyncDateTime: their last app sync with Managed Google Play. */
  lastSyncDateTime: sometimes<string>(
    "the settings' `lastAppSyncDateTime`: their last app sync with Managed Google Play",
  ),
  /** success, credentialsNotValid, androidForWorkApiError, managementServiceError, unknownError or none. */
  lastAppSyncStatus: sometimes<string>(
    "the settings' `lastAppSyncStatus`: `success`, `none`, or why the last sync failed",
  ),
  /** notBound, bound, boundAndValidated or unbinding. */
  bindStatus: sometimes<string>("the settings' `bindStatus`: only `bound` and `boundAndValidated` can sync"),
  ...outcomeOutputs,
};

export const managedGooglePlay = defineAction({
  name: "ManagedGooglePlaySync",
  providerExport: "managedGooglePlaySyncProvider",
  entity: {
    path: "deviceManagement/androidManagedStoreAccountEnterpriseSettings",
    type: "androidManagedStoreAccountEnterpriseSettings",
    noun: "Managed Google Play settings",
    plural: "Managed Google Play settings",
  },
  endpoint: { action: "syncApps", versions: ["beta"] },
  permissions: ["DeviceManagementConfiguration.ReadWrite.All"],
  throttling: "androidForWork",
  docsUrl:
    "https://learn.microsoft.com/graph/api/intune-androidforwork-androidmanagedstoreaccountenterprisesettings-syncapps?view=graph-rest-beta",
  inputs,
  outputs,
  select: ["id", "bindStatus", "lastAppSyncDateTime", "lastAppSyncStatus"],
  syncTime: (settings) => text(settings, "lastAppSyncDateTime"),
  observe: (settings) => ({
    lastSyncDateTime: text(settings, "lastAppSyncDateTime"),
    lastAppSyncStatus: text(settings, "lastAppSyncStatus"),
    bindStatus: text(settings, "bindStatus"),
  }),
  failure(settings, mark, now) {
    const status = text(settings, "lastAppSyncStatus");
    const at = text(settings, "lastAppSyncDateTime");
    const moved = passed(at, mark, mark.before && text(mark.before, "lastAppSyncDateTime"), now);
    return moved && !fine.includes(status ?? "none")
      ? `lastAppSyncStatus ${JSON.stringify(status)}`
      : undefined;
  },
  health(settings) {
    const reasons: string[] = [];
    const bindStatus = text(settings, "bindStatus");
    if (!bound.includes(bindStatus ?? ""))
      reasons.push(`it is not bound (bindStatus ${JSON.stringify(bindStatus ?? "unset")})`);
    const status = text(settings, "lastAppSyncStatus");
    if (!fine.includes(status ?? "none"))
      reasons.push(`its last app sync failed (lastAppSyncStatus ${JSON.stringify(status)})`);
    return reasons;
  },
  refuse(settings) {
    const bindStatus = text(settings, "bindStatus");
    if (bound.includes(bindStatus ?? "")) return undefined;
    return `the tenant has no Managed Google Play binding (bindStatus ${JSON.stringify(bindStatus ?? "unset")}); bind it in Intune (Tenant administration > Connectors and tokens > Managed Google Play)`;
  },
  describe: () => "the app sync of the Managed Google Play settings",
  shown: (settings) =>
    `lastAppSyncStatus is ${JSON.stringify(text(settings, "lastAppSyncStatus") ?? "unset")}, lastAppSyncDateTime is ${JSON.stringify(text(settings, "lastAppSyncDateTime") ?? "unset")}`,
  state: (settings) =>
    `bindStatus ${JSON.stringify(text(settings, "bindStatus") ?? "unset")}, lastAppSyncStatus ${JSON.stringify(text(settings, "lastAppSyncStatus") ?? "unset")}`,
  advice: {
    where: "Tenant administration > Connectors and tokens > Managed Google Play",
    badRequest:
      "Graph refused the request: the Managed Google Play app sync takes no parameters, is in beta only, and needs a bound account.",
    noneInTenant: (tenant) =>
      `Tenant ${tenant} has no Managed Google Play settings: Graph answered 404 for its singleton. Bind Managed Google Play in Intune (Tenant administration > Connectors and tokens).`,
  },
});
