// Windows Autopilot settings, a singleton: POST /deviceManagement/windowsAutopilotSettings/sync,
// beta only, 204. Its Graph page (intune-enrollment-windowsautopilotsettings-sync) says that a sync
// already running answers 409, and one within 10 minutes of the previous sync answers 429.
import { type ActionEntry, enrollmentSettingsPermissions, iso, since } from "./entry";

export interface WindowsAutopilotSettings {
  id: string;
  syncStatus: "unknown" | "inProgress" | "completed" | "failed";
  lastSyncDateTime: string;
  lastManualSyncTriggerDateTime: string;
  [key: string]: unknown;
}

const tenMinutesMs = 10 * 60_000;

export const windowsAutopilotSettings: ActionEntry<WindowsAutopilotSettings> = {
  path: "deviceManagement/windowsAutopilotSettings",
  segment: "windowsAutopilotSettings",
  entityType: "microsoft.graph.windowsAutopilotSettings",
  singleton: true,
  versions: ["beta"],
  action: "sync",
  routes: { get: "getWindowsAutopilotSettings", sync: "syncWindowsAutopilotSettings" },
  intuneService: "/StatelessEnrollmentFEService",
  properties: ["id", "syncStatus", "lastSyncDateTime", "lastManualSyncTriggerDateTime"],
  permissions: enrollmentSettingsPermissions,
  answersEntity: false,
  refuse(settings, now) {
    if (settings.syncStatus === "inProgress") {
      return { status: 409, code: "Conflict", message: "A sync is already in progress." };
    }
    // ASSUMPTION: "the previous sync" is measured from lastManualSyncTriggerDateTime; the page says
    // only "within 10 minutes of the previous sync".
    const waited = since(now, settings.lastManualSyncTriggerDateTime);
    if (waited < tenMinutesMs) {
      const seconds = Math.ceil((tenMinutesMs - waited) / 1000);
      return {
        status: 429,
        code: "TooManyRequests",
        message: `A sync was requested within the last 10 minutes; try again in ${seconds} seconds.`,
      };
    }
    return undefined;
  },
  started(settings, now) {
    settings.syncStatus = "inProgress";
    settings.lastManualSyncTriggerDateTime = iso(now);
  },
  completed(settings, at, failed) {
    settings.syncStatus = failed ? "failed" : "completed";
    settings.lastSyncDateTime = iso(at);
  },
};

/** A tenant's settings: last synced (and triggered) on the seed's date, long past any rule. */
export function seedWindowsAutopilotSettings(tenantId: string): WindowsAutopilotSettings {
  return {
    id: tenantId,
    syncStatus: "completed",
    lastSyncDateTime: "2026-01-05T08:00:00Z",
    lastManualSyncTriggerDateTime: "2026-01-05T07:55:00Z",
  };
}
