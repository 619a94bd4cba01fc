// Every action the package syncs, one declaration each: the providers, the docs' tables and the
// conformance tests iterate this list. A new action adds its file and one line here.
import type { Action } from "../core/action";
import { depOnboarding } from "./dep-onboarding";
import { exchangeConnector } from "./exchange-connector";
import { managedGooglePlay } from "./managed-google-play";
import { vppToken } from "./vpp-token";
import { windowsAutopilot } from "./windows-autopilot";

export { depOnboarding, exchangeConnector, managedGooglePlay, vppToken, windowsAutopilot };

export const actions: readonly Action[] = [
  exchangeConnector,
  vppToken,
  windowsAutopilot,
  depOnboarding,
  managedGooglePlay,
] as unknown as readonly Action[];
