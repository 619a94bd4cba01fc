export type { Cloud } from "./clouds";
export {
  type ExchangeConnectorInfo,
  type GetExchangeConnectorsArgs,
  type GetExchangeConnectorsOutputArgs,
  getExchangeConnectors,
  getExchangeConnectorsOutput,
} from "./discovery";
export {
  ConnectorSyncError,
  type ConnectorSyncErrorCode,
  errorCodes,
  isConnectorSyncError,
} from "./errors";
export type { ApiVersion, SyncType } from "./inputs";
export { connectorSyncProvider } from "./lifecycle";
export { ConnectorSync, type ConnectorSyncArgs } from "./resource";
