export const writePermission = "DeviceManagementServiceConfig.ReadWrite.All";

export interface HintContext {
  status: number;
  connectorId: string;
  tenantId: string;
  apiVersion: string;
  /** The app roles the token carried, read from its claims. */
  roles?: string[];
  /** The connectors the tenant has, from one GET after a 404. */
  connectorIds?: string[];
}

export function hintFor(c: HintContext): string | undefined {
  switch (c.status) {
    case 400:
      return "Graph refused the request: check that syncType is 'fullSync' or 'deltaSync' and that connectorId is a connector id.";
    case 401:
      return `The token was rejected: check that the tenant (${c.tenantId}), the client id and the cloud belong together, and that the app is registered in that tenant.`;
    case 403: {
      const had = c.roles?.length ? c.roles.join(", ") : "none";
      const v1 =
        c.apiVersion === "v1.0"
          ? " On v1.0 Graph may refuse application permissions for this action; beta accepts them: set apiVersion to 'beta'."
          : "";
      return `Grant the app the application permission ${writePermission} (Microsoft Graph) with admin consent in tenant ${c.tenantId}. The token had roles: ${had}.${v1}`;
    }
    case 404: {
      if (c.connectorIds === undefined)
        return `Connector '${c.connectorId}' was not found in tenant ${c.tenantId}.`;
      if (c.connectorIds.length === 0) {
        return `Tenant ${c.tenantId} has no Exchange connector at all. Microsoft ended support for the on-premises Exchange connector in February 2024; set ignoreNotFound: true where a tenant may have none.`;
      }
      return `Connector '${c.connectorId}' was not found in tenant ${c.tenantId}; its connectors are: ${c.connectorIds.join(", ")}.`;
    }
    case 429:
      return "Graph kept throttling after the retries: run fewer syncs at once (connectorSync:maxConcurrentRequests) or allow longer waits (connectorSync:retryDeadlineSeconds).";
    default:
      return c.status >= 500
        ? "Graph kept failing after the retries; try again later, and give Microsoft support the ids below if it persists."
        : undefined;
  }
}
