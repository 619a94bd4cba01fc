// Whether a connector still syncs. Graph answers 204 to a sync of a connector that will never run it,
// so the provider judges the connector itself whenever it reads it (a wait, a refresh).
import type { ExchangeConnector } from "./graph/client";
import { serverTime } from "./times";

/** Where Microsoft says that support for the on-premises Exchange connector ended. */
export const supportNotice = "https://learn.microsoft.com/mem/intune/protect/exchange-connector-install";

/** Statuses of deviceManagementExchangeConnectorStatus that mean the connector does not reach Intune. */
export const unhealthyStatuses: readonly string[] = ["disconnected", "none"];

const dayMs = 86_400_000;

export interface HealthCheck {
  staleAfterDays: number;
  /** The time to judge staleness at, from the provider's clock. */
  now: number;
  /** A wait that timed out and read the same lastSyncDateTime at every poll. */
  stalled?: { seconds: number };
}

export interface Health {
  healthy: boolean;
  /** Why not, each in a few words; empty when healthy. */
  reasons: string[];
}

/** The verdict on a connector as Graph described it; every string it holds is Graph's, so it is quoted. */
export function judgeHealth(connector: ExchangeConnector, check: HealthCheck): Health {
  const reasons: string[] = [];
  const { status, lastSyncDateTime } = connector;
  if (status !== undefined && unhealthyStatuses.includes(status)) reasons.push(`its status is "${status}"`);
  // A time in the future is unreadable too: it would look like a fresh sync forever.
  const last = serverTime(lastSyncDateTime, check.now);
  if (last === undefined) reasons.push("it has no readable lastSyncDateTime");
  else if (check.now - last > check.staleAfterDays * dayMs) {
    reasons.push(`it last synced more than ${check.staleAfterDays} days ago (staleAfterDays)`);
  }
  if (check.stalled) {
    reasons.push(`its lastSyncDateTime did not move in the ${check.stalled.seconds} s the wait lasted`);
  }
  return { healthy: reasons.length === 0, reasons };
}

/** The warning: the connector, its status and last sync, why it looks unhealthy, and the notice. */
export function healthWarning(connector: ExchangeConnector, tenantId: string, health: Health): string {
  const quote = (value: string | undefined) => (value === undefined ? "unset" : JSON.stringify(value));
  return [
    `ConnectorSync: connector ${quote(connector.id)} in tenant ${tenantId} looks unhealthy:`,
    `${health.reasons.join("; ")} (status ${quote(connector.status)}, lastSyncDateTime ${quote(connector.lastSyncDateTime)}).`,
    "Graph accepts a sync (204) that such a connector may never run. Microsoft ended support for the",
    "on-premises Intune Exchange connector on 19 February 2024, after which it no longer syncs with",
    `Intune: ${supportNotice}`,
  ].join(" ");
}
