// DEP onboarding settings: POST /deviceManagement/depOnboardingSettings/{id}/
// syncWithAppleDeviceEnrollmentProgram, beta only, 204 (Graph: intune-enrollment-deponboardingsetting-syncwithappledeviceenrollmentprogram).
import { type ActionEntry, aYearFromToday, enrollmentSettingsPermissions, iso, since } from "./entry";

export interface DepOnboardingSetting {
  id: string;
  appleIdentifier: string;
  tokenName: string;
  tokenExpirationDateTime: string;
  lastSuccessfulSyncDateTime: string;
  lastSyncTriggeredDateTime: string;
  /** "Error code reported by Apple during last dep sync"; 0 for none is the emulator's reading. */
  lastSyncErrorCode: number;
  [key: string]: unknown;
}

const fifteenMinutesMs = 15 * 60_000;
/** ASSUMPTION: Apple's error code the emulator records for a sync told to fail; Graph lists none. */
const failedCode = 1;

export const depOnboardingSettings: ActionEntry<DepOnboardingSetting> = {
  path: "deviceManagement/depOnboardingSettings",
  segment: "depOnboardingSettings",
  entityType: "microsoft.graph.depOnboardingSetting",
  singleton: false,
  versions: ["beta"],
  action: "syncWithAppleDeviceEnrollmentProgram",
  routes: {
    list: "listDepOnboardingSettings",
    get: "getDepOnboardingSetting",
    sync: "syncDepOnboardingSetting",
  },
  intuneService: "/StatelessEnrollmentFEService",
  properties: [
    "id",
    "appleIdentifier",
    "tokenName",
    "tokenExpirationDateTime",
    "lastSuccessfulSyncDateTime",
    "lastSyncTriggeredDateTime",
    "lastSyncErrorCode",
  ],
  permissions: enrollmentSettingsPermissions,
  answersEntity: false,
  // ASSUMPTION: the Intune console allows a DEP sync once every 15 minutes; Graph documents no answer
  // for one sent sooner. The emulator answers 429, measured from lastSyncTriggeredDateTime.
  refuse(setting, now) {
    const waited = since(now, setting.lastSyncTriggeredDateTime);
    if (waited >= fifteenMinutesMs) return undefined;
    const seconds = Math.ceil((fifteenMinutesMs - waited) / 1000);
    return {
      status: 429,
      code: "TooManyRequests",
      message: `A sync was requested within the last 15 minutes; try again in ${seconds} seconds.`,
    };
  },
  started(setting, now) {
    setting.lastSyncTriggeredDateTime = iso(now);
  },
  completed(setting, at, failed) {
    setting.lastSyncErrorCode = failed ? failedCode : 0;
    if (!failed) setting.lastSuccessfulSyncDateTime = iso(at);
  },
};

export function seedDepOnboardingSetting(organization: string, n: number): DepOnboardingSetting {
  return {
    id: `${organization}-dep-${n}`,
    appleIdentifier: `dep${n}@${organization}.example`,
    tokenName: `${organization} ADE ${n}`,
    tokenExpirationDateTime: aYearFromToday(),
    lastSuccessfulSyncDateTime: "2026-01-05T08:00:00Z",
    lastSyncTriggeredDateTime: "2026-01-05T07:55:00Z",
    lastSyncErrorCode: 0,
  };
}
