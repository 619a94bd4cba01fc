// VPP tokens: POST /deviceAppManagement/vppTokens/{id}/syncLicenses, v1.0 and beta, answered 200
// with the vppToken (Graph: intune-onboarding-vpptoken-synclicenses). `token` is a secret Graph returns on every read, as its examples
// show; the emulator returns it too, so that a client's tests can prove it never keeps it.
import { type ActionEntry, aYearFromToday, iso } from "./entry";

export interface VppToken {
  id: string;
  displayName: string;
  organizationName: string;
  appleId: string;
  countryOrRegion: string;
  /** duplicateLocationId is beta's alone; the emulator does not tell the versions apart here. */
  state: "unknown" | "valid" | "expired" | "invalid" | "assignedToExternalMDM" | "duplicateLocationId";
  expirationDateTime: string;
  lastSyncDateTime: string;
  lastSyncStatus: "none" | "inProgress" | "completed" | "failed";
  token: string;
  [key: string]: unknown;
}

export const vppTokens: ActionEntry<VppToken> = {
  path: "deviceAppManagement/vppTokens",
  segment: "vppTokens",
  entityType: "microsoft.graph.vppToken",
  singleton: false,
  versions: ["v1.0", "beta"],
  action: "syncLicenses",
  routes: { list: "listVppTokens", get: "getVppToken", sync: "syncVppToken" },
  intuneService: "/StatelessAppleVppFEService",
  properties: [
    "id",
    "displayName",
    "organizationName",
    "appleId",
    "countryOrRegion",
    "state",
    "expirationDateTime",
    "lastSyncDateTime",
    "lastSyncStatus",
    "token",
  ],
  // The newest pages (learn.microsoft.com): reads least privileged first; a sync lists Apps and
  // ServiceConfig, and the PowerShell page Configuration too, so the 403 names all three.
  permissions: {
    read: [
      "DeviceManagementApps.Read.All",
      "DeviceManagementApps.ReadWrite.All",
      "DeviceManagementServiceConfig.Read.All",
      "DeviceManagementServiceConfig.ReadWrite.All",
      "DeviceManagementConfiguration.Read.All",
      "DeviceManagementConfiguration.ReadWrite.All",
    ],
    write: [
      "DeviceManagementApps.ReadWrite.All",
      "DeviceManagementServiceConfig.ReadWrite.All",
      "DeviceManagementConfiguration.ReadWrite.All",
    ],
  },
  answersEntity: true,
  // Graph documents no 409 for a sync while one runs (that rule is the provider's own): the emulator
  // accepts it, and the running sync's completion moves to the new one's.
  started(token) {
    token.lastSyncStatus = "inProgress";
  },
  completed(token, at, failed) {
    token.lastSyncStatus = failed ? "failed" : "completed";
    token.lastSyncDateTime = iso(at);
  },
};

/** A tenant's seeded token: valid for a year from today (or expired), last synced on the seed's date. */
export function seedVppToken(organization: string, n: number, state: VppToken["state"]): VppToken {
  return {
    id: `${organization}-vpp-${n}`,
    displayName: `${organization} VPP ${n}`,
    organizationName: organization,
    appleId: `vpp${n}@${organization}.example`,
    countryOrRegion: "us",
    state,
    expirationDateTime: state === "expired" ? "2025-12-01T00:00:00Z" : aYearFromToday(),
    lastSyncDateTime: "2026-01-05T08:00:00Z",
    lastSyncStatus: "completed",
    // Marked so that any copy of it in a client's state or log is plain to see.
    token: `emulator-vpp-token-SECRET-${organization}-${n}`,
  };
}
