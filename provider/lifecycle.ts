// What each resource's `__provider` line requires (package export ./lifecycle): one provider per
// action, under the name its declaration gives. ConnectorSync's has been connectorSyncProvider since
// 0.1.0; no name here is ever changed once released.
import { depOnboarding, exchangeConnector, managedGooglePlay, vppToken, windowsAutopilot } from "./actions";
import { providerFor } from "./core/provider";

export const connectorSyncProvider = providerFor(exchangeConnector);
export const vppTokenSyncProvider = providerFor(vppToken);
export const windowsAutopilotSyncProvider = providerFor(windowsAutopilot);
export const depOnboardingSyncProvider = providerFor(depOnboarding);
export const managedGooglePlaySyncProvider = providerFor(managedGooglePlay);
