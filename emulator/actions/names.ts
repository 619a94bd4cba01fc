// The log's and faults' names for the routes of the four sync actions beside the Exchange
// connector's (whose names, sync, getConnector and listConnectors, stay as they are).
export const actionRouteNames = [
  "listVppTokens",
  "getVppToken",
  "syncVppToken",
  "getWindowsAutopilotSettings",
  "syncWindowsAutopilotSettings",
  "listDepOnboardingSettings",
  "getDepOnboardingSetting",
  "syncDepOnboardingSetting",
  "getManagedGooglePlay",
  "syncManagedGooglePlay",
] as const;
export type ActionRoute = (typeof actionRouteNames)[number];
