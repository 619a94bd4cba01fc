// VppTokenSync: POST /deviceAppManagement/vppTokens/{id}/syncLicenses, no body, answered 200 with
// the vppToken, in v1.0 and beta (Graph: intune-onboarding-vpptoken-synclicenses). The answer's
// `token` is Apple's secret: the Graph client returns no answer's body, and no read selects `token`.
import { defineAction, expiryReason, passed, text } from "../core/action";
import {
  apiVersion,
  entityKey,
  expiresAt,
  expiryWarningDays,
  found,
  keyedInputs,
  outcomeOutputs,
  sometimes,
  syncOutputs,
} from "../core/common";

const inputs = {
  /** The id of the vppToken to sync. A new id replaces the resource. */
  vppTokenId: entityKey("vppTokenId", "vppToken", "VPP token"),
  ...keyedInputs(apiVersion),
  expiryWarningDays,
};

const outputs = {
  ...syncOutputs,
  found,
  /** The token's lastSyncDateTime: its last license sync with Apple. */
  lastSyncDateTime: sometimes<string>("the token's `lastSyncDateTime`: its last license sync with Apple"),
  /** none, inProgress, completed or failed. */
  lastSyncStatus: sometimes<string>(
    "the token's `lastSyncStatus`: `none`, `inProgress`, `completed` or `failed`",
  ),
  /** valid, expired, invalid, assignedToExternalMDM, duplicateLocationId (beta) or unknown. */
  state: sometimes<string>("the token's `state`: `valid`, or why it cannot sync"),
  expiresAt,
  ...outcomeOutputs,
};

export const vppToken = defineAction({
  name: "VppTokenSync",
  providerExport: "vppTokenSyncProvider",
  entity: {
    path: "deviceAppManagement/vppTokens",
    type: "vppToken",
    noun: "VPP token",
    plural: "VPP tokens",
  },
  key: "vppTokenId",
  // A 409 (no page documents one) would be a sync running; a 429 stays throttling, retried as any.
  endpoint: { action: "syncLicenses", versions: ["beta", "v1.0"], ruled: [409] },
  // The newest page (learn.microsoft.com); older copies, and the PowerShell page, also name
  // DeviceManagementConfiguration.ReadWrite.All, which Intune's 403 then asks for by name.
  permissions: ["DeviceManagementApps.ReadWrite.All", "DeviceManagementServiceConfig.ReadWrite.All"],
  throttling: "enrollment",
  docsUrl:
    "https://learn.microsoft.com/graph/api/intune-onboarding-vpptoken-synclicenses?view=graph-rest-beta",
  inputs,
  outputs,
  select: ["id", "state", "expirationDateTime", "lastSyncDateTime", "lastSyncStatus"],
  syncTime: (token) => text(token, "lastSyncDateTime"),
  observe: (token) => ({
    lastSyncDateTime: text(token, "lastSyncDateTime"),
    lastSyncStatus: text(token, "lastSyncStatus"),
    state: text(token, "state"),
    expiresAt: text(token, "expirationDateTime"),
  }),
  // A sync that ended after this one was requested, as failed: the status and the time both say so.
  failure: (token, mark, now) =>
    text(token, "lastSyncStatus") === "failed" &&
    passed(text(token, "lastSyncDateTime"), mark, mark.before && text(mark.before, "lastSyncDateTime"), now)
      ? 'lastSyncStatus "failed"'
      : undefined,
  health(token, { expiryWarningDays: days }, now) {
    const state = text(token, "state");
    const reasons = [state === "valid" ? undefined : `its state is ${JSON.stringify(state ?? "unset")}`];
    reasons.push(expiryReason(text(token, "expirationDateTime"), days, now));
    if (text(token, "lastSyncStatus") === "failed")
      reasons.push('its last sync failed (lastSyncStatus "failed")');
    return reasons.filter((reason): reason is string => reason !== undefined);
  },
  healthNote:
    "Apple's VPP token expires yearly; renew it in Intune (Tenant administration > Connectors and tokens > Apple VPP tokens) before apps stop installing.",
  // Microsoft's samples sync a token only once its last sync has ended: a sync still running is waited out.
  holdBack: (token) =>
    text(token, "lastSyncStatus") === "inProgress"
      ? { rule: 'a license sync still running (lastSyncStatus "inProgress")' }
      : undefined,
  describe: ({ vppTokenId }) => `the license sync of VPP token '${vppTokenId}'`,
  shown: (token) =>
    `lastSyncStatus is ${JSON.stringify(text(token, "lastSyncStatus") ?? "unset")}, lastSyncDateTime is ${JSON.stringify(text(token, "lastSyncDateTime") ?? "unset")}`,
  state: (token) =>
    `state ${JSON.stringify(text(token, "state") ?? "unset")}, expirationDateTime ${JSON.stringify(text(token, "expirationDateTime") ?? "unset")}, lastSyncStatus ${JSON.stringify(text(token, "lastSyncStatus") ?? "unset")}`,
  advice: {
    where: "Tenant administration > Connectors and tokens > Apple VPP tokens",
    badRequest: "Graph refused the request: check that vppTokenId is a VPP token's id (see getVppTokens).",
    noneInTenant: (tenant) =>
      `Tenant ${tenant} has no Apple VPP token at all: upload one in Intune (Tenant administration > Connectors and tokens > Apple VPP tokens), or set ignoreNotFound: true where a tenant may have none.`,
  },
});
