// WindowsAutopilotSync: POST /deviceManagement/windowsAutopilotSettings/sync, a singleton, no body,
// answered 204, in beta only (Graph: intune-enrollment-windowsautopilotsettings-sync). Its page says a
// sync already running answers 409, and one within 10 minutes of the previous sync 429.
import { defineAction, intervalHold, passed, text } from "../core/action";
import { betaOnly, outcomeOutputs, sharedInputs, sometimes, syncOutputs } from "../core/common";

const intervalMs = 10 * 60_000;

const inputs = sharedInputs(betaOnly("windowsAutopilotSettings/sync"));

const outputs = {
  ...syncOutputs,
  /** The settings' lastSyncDateTime: Intune's last sync with the Autopilot service. */
  lastSyncDateTime: sometimes<string>(
    "the settings' `lastSyncDateTime`: Intune's last sync with the Autopilot service",
  ),
  /** unknown, inProgress, completed or failed. */
  syncStatus: sometimes<string>(
    "the settings' `syncStatus`: `unknown`, `inProgress`, `completed` or `failed`",
  ),
  ...outcomeOutputs,
};

export const windowsAutopilot = defineAction({
  name: "WindowsAutopilotSync",
  providerExport: "windowsAutopilotSyncProvider",
  entity: {
    path: "deviceManagement/windowsAutopilotSettings",
    type: "windowsAutopilotSettings",
    noun: "Windows Autopilot settings",
    plural: "Windows Autopilot settings",
  },
  // The page: 409 while a sync runs, 429 within 10 minutes of the last.
  endpoint: { action: "sync", versions: ["beta"], ruled: [409, 429] },
  // The page's first; its newer copies also accept DeviceManagementConfiguration.ReadWrite.All.
  permissions: ["DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"],
  // No throttling group names Autopilot: assumed to count with enrollment, whose figures every group shares.
  throttling: "enrollment",
  docsUrl:
    "https://learn.microsoft.com/graph/api/intune-enrollment-windowsautopilotsettings-sync?view=graph-rest-beta",
  inputs,
  outputs,
  select: ["id", "syncStatus", "lastSyncDateTime", "lastManualSyncTriggerDateTime"],
  syncTime: (settings) => text(settings, "lastSyncDateTime"),
  triggeredAt: (settings) => text(settings, "lastManualSyncTriggerDateTime"),
  observe: (settings) => ({
    lastSyncDateTime: text(settings, "lastSyncDateTime"),
    syncStatus: text(settings, "syncStatus"),
  }),
  failure: (settings, mark, now) =>
    text(settings, "syncStatus") === "failed" &&
    passed(
      text(settings, "lastSyncDateTime"),
      mark,
      mark.before && text(mark.before, "lastSyncDateTime"),
      now,
    )
      ? 'syncStatus "failed"'
      : undefined,
  health: (settings) =>
    text(settings, "syncStatus") === "failed" ? ['its last sync failed (syncStatus "failed")'] : [],
  holdBack(settings, now) {
    // A sync that began before this change does not count as its sync: it is waited out first.
    if (text(settings, "syncStatus") === "inProgress")
      return { rule: 'a sync still running (syncStatus "inProgress")' };
    // ASSUMPTION: the page's "within 10 minutes of the previous sync" is measured from the last manual trigger.
    const last = text(settings, "lastManualSyncTriggerDateTime");
    return intervalHold("Autopilot's 10 minutes between syncs", intervalMs, last, now);
  },
  describe: () => "the sync of the Windows Autopilot settings",
  shown: (settings) =>
    `syncStatus is ${JSON.stringify(text(settings, "syncStatus") ?? "unset")}, lastSyncDateTime is ${JSON.stringify(text(settings, "lastSyncDateTime") ?? "unset")}`,
  state: (settings) =>
    `syncStatus ${JSON.stringify(text(settings, "syncStatus") ?? "unset")}, lastSyncDateTime ${JSON.stringify(text(settings, "lastSyncDateTime") ?? "unset")}`,
  advice: {
    where: "Devices > Enrollment > Windows > Devices (Windows Autopilot)",
    badRequest:
      "Graph refused the request: the Windows Autopilot sync takes no parameters, and is in beta only.",
    noneInTenant: (tenant) =>
      `Tenant ${tenant} has no Windows Autopilot settings: Graph answered 404 for its singleton. Check that Intune and Windows Autopilot are set up in this tenant.`,
  },
});
