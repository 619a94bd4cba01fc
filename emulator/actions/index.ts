// The sync actions beside the Exchange connector's: one entry each, served alike by store.ts and
// routes.ts. A new action adds its file and one line here.
import { depOnboardingSettings } from "./dep-onboarding";
import type { ActionEntry } from "./entry";
import { managedGooglePlay } from "./managed-google-play";
import { vppTokens } from "./vpp-token";
import { windowsAutopilotSettings } from "./windows-autopilot";

export const actions = [
  vppTokens,
  windowsAutopilotSettings,
  depOnboardingSettings,
  managedGooglePlay,
] as unknown as readonly ActionEntry[];

/** The entry a route name belongs to, or undefined for the connector's and the others. */
export const actionOf = (route: string) =>
  actions.find((a) => Object.values(a.routes).includes(route as never));

/** The entry a path (deviceAppManagement/vppTokens, or its last segment) names, in any case. */
export const actionNamed = (name: string) =>
  actions.find((a) => [a.path, a.segment].some((n) => n.toLowerCase() === name.toLowerCase()));
