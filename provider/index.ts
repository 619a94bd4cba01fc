export type { Cloud } from "./clouds";
export { ConnectorSyncError } from "./graph/errors";
export type { ApiVersion, SyncType } from "./inputs";
export { connectorSyncProvider } from "./lifecycle";
export { ConnectorSync, type ConnectorSyncArgs } from "./resource";
