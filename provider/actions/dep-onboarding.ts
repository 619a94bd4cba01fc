// DepOnboardingSync: POST /deviceManagement/depOnboardingSettings/{id}/syncWithAppleDeviceEnrollmentProgram,
// no body, answered 204, in beta only (Graph: intune-enrollment-deponboardingsetting-
// syncwithappledeviceenrollmentprogram). Apple Automated Device Enrollment, formerly DEP.
import { defineAction, type Entity, expiryReason, intervalHold, text } from "../core/action";
import {
  betaOnly,
  entityKey,
  expiresAt,
  expiryWarningDays,
  found,
  keyedInputs,
  outcomeOutputs,
  sometimes,
  syncOutputs,
} from "../core/common";

// ASSUMPTION: Intune's console allows a DEP sync "no more than once every 15 minutes"; no Graph page
// says so, nor what Graph answers sooner. Measured from lastSyncTriggeredDateTime.
const intervalMs = 15 * 60_000;

/** Apple's error code of the last sync: 0 or absent is none (our reading: the page says only "error code"). */
const errorCode = (setting: Entity) =>
  typeof setting.lastSyncErrorCode === "number" && Number.isSafeInteger(setting.lastSyncErrorCode)
    ? setting.lastSyncErrorCode
    : 0;

const inputs = {
  /** The id of the depOnboardingSetting (its Apple token) to sync. A new id replaces the resource. */
  depOnboardingSettingId: entityKey(
    "depOnboardingSettingId",
    "depOnboardingSetting",
    "DEP onboarding setting",
  ),
  ...keyedInputs(betaOnly("syncWithAppleDeviceEnrollmentProgram")),
  expiryWarningDays,
};

const outputs = {
  ...syncOutputs,
  found,
  /** The setting's lastSuccessfulSyncDateTime: its last sync with Apple that succeeded. */
  lastSyncDateTime: sometimes<string>(
    "the setting's `lastSuccessfulSyncDateTime`: its last sync with Apple that succeeded",
  ),
  /** Apple's error code of the last sync; 0 is none. */
  lastSyncErrorCode: sometimes<number>(
    "the setting's `lastSyncErrorCode`: Apple's error code of the last sync, 0 for none",
  ),
  expiresAt,
  ...outcomeOutputs,
};

export const depOnboarding = defineAction({
  name: "DepOnboardingSync",
  providerExport: "depOnboardingSyncProvider",
  entity: {
    path: "deviceManagement/depOnboardingSettings",
    type: "depOnboardingSetting",
    noun: "DEP onboarding setting",
    plural: "DEP onboarding settings",
  },
  key: "depOnboardingSettingId",
  // ASSUMPTION: a sync within the 15 minutes is answered 429 (as the emulator does), one running 409; no page says.
  endpoint: { action: "syncWithAppleDeviceEnrollmentProgram", versions: ["beta"], ruled: [409, 429] },
  // The page's first; its newest copy also accepts DeviceManagementConfiguration.ReadWrite.All.
  permissions: ["DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"],
  // No throttling group names DEP: assumed to count with enrollment, whose figures every group shares.
  throttling: "enrollment",
  docsUrl:
    "https://learn.microsoft.com/graph/api/intune-enrollment-deponboardingsetting-syncwithappledeviceenrollmentprogram?view=graph-rest-beta",
  inputs,
  outputs,
  select: [
    "id",
    "tokenExpirationDateTime",
    "lastSuccessfulSyncDateTime",
    "lastSyncTriggeredDateTime",
    "lastSyncErrorCode",
  ],
  syncTime: (setting) => text(setting, "lastSuccessfulSyncDateTime"),
  triggeredAt: (setting) => text(setting, "lastSyncTriggeredDateTime"),
  observe: (setting) => ({
    lastSyncDateTime: text(setting, "lastSuccessfulSyncDateTime"),
    lastSyncErrorCode: errorCode(setting),
    expiresAt: text(setting, "tokenExpirationDateTime"),
  }),
  // Apple's code carries no time: a failure is a code that is not 0 and not the one read before the
  // request. The same code again cannot be told from the earlier failure: the wait then times out.
  failure(setting, mark) {
    const code = errorCode(setting);
    const before = mark.before === undefined ? 0 : errorCode(mark.before);
    return code !== 0 && code !== before ? `lastSyncErrorCode ${code}` : undefined;
  },
  health(setting, { expiryWarningDays: days }, now) {
    const reasons = [expiryReason(text(setting, "tokenExpirationDateTime"), days, now)];
    const code = errorCode(setting);
    if (code !== 0) reasons.push(`its last sync failed (lastSyncErrorCode ${code})`);
    return reasons.filter((reason): reason is string => reason !== undefined);
  },
  healthNote:
    "Apple's ADE token expires yearly; renew it in Intune (Devices > Enrollment > Apple > Enrollment program tokens) before new devices stop enrolling.",
  holdBack(setting, now) {
    const last = text(setting, "lastSyncTriggeredDateTime");
    return intervalHold("Apple ADE's 15 minutes between syncs", intervalMs, last, now);
  },
  describe: ({ depOnboardingSettingId }) => `the sync of DEP onboarding setting '${depOnboardingSettingId}'`,
  shown: (setting) =>
    `lastSuccessfulSyncDateTime is ${JSON.stringify(text(setting, "lastSuccessfulSyncDateTime") ?? "unset")}, lastSyncErrorCode is ${errorCode(setting)}`,
  state: (setting) =>
    `tokenExpirationDateTime ${JSON.stringify(text(setting, "tokenExpirationDateTime") ?? "unset")}, lastSyncErrorCode ${errorCode(setting)}`,
  advice: {
    where: "Devices > Enrollment > Apple > Enrollment program tokens",
    badRequest:
      "Graph refused the request: check that depOnboardingSettingId is a DEP onboarding setting's id (see getDepOnboardingSettings); the action is in beta only.",
    noneInTenant: (tenant) =>
      `Tenant ${tenant} has no Apple ADE (DEP) token at all: add one in Intune (Devices > Enrollment > Apple > Enrollment program tokens), or set ignoreNotFound: true where a tenant may have none.`,
  },
});
