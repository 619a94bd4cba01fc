export type { SyncType } from "./actions/exchange-connector";
export type { Cloud } from "./clouds";
export type { ApiVersion, OnFailure, Triggers, WaitForCompletion } from "./core/common";
export type { SyncFailure } from "./core/record";
export {
  type DepOnboardingSettingInfo,
  type ExchangeConnectorInfo,
  type GetDepOnboardingSettingsArgs,
  type GetDepOnboardingSettingsOutputArgs,
  type GetExchangeConnectorsArgs,
  type GetExchangeConnectorsOutputArgs,
  type GetVppTokensArgs,
  type GetVppTokensOutputArgs,
  getDepOnboardingSettings,
  getDepOnboardingSettingsOutput,
  getExchangeConnectors,
  getExchangeConnectorsOutput,
  getVppTokens,
  getVppTokensOutput,
  type VppTokenInfo,
} from "./discovery";
export {
  ConnectorSyncError,
  type ConnectorSyncErrorCode,
  errorCodes,
  isConnectorSyncError,
} from "./errors";
export {
  connectorSyncProvider,
  depOnboardingSyncProvider,
  managedGooglePlaySyncProvider,
  vppTokenSyncProvider,
  windowsAutopilotSyncProvider,
} from "./lifecycle";
export {
  ConnectorSync,
  type ConnectorSyncArgs,
  DepOnboardingSync,
  type DepOnboardingSyncArgs,
  ManagedGooglePlaySync,
  type ManagedGooglePlaySyncArgs,
  VppTokenSync,
  type VppTokenSyncArgs,
  WindowsAutopilotSync,
  type WindowsAutopilotSyncArgs,
} from "./resources";
