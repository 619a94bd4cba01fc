// waitForCompletion: after the sync call, poll the connector on the provider's clock.
import { providerContext } from "./context";
import { exitIfEngineGone } from "./engine";
import { ConnectorSyncError } from "./errors";
import type { ExchangeConnector, GraphClient } from "./graph/client";
import type { ConnectorSyncInputs, WaitForCompletion } from "./inputs";
import { serverTime } from "./times";

export interface Waited {
  /** The last read of the connector. */
  connector: ExchangeConnector;
  /** Set when the timeout passed first. */
  timeout?: ConnectorSyncError;
  /** When it timed out with the same lastSyncDateTime at every poll: the connector did not sync at all. */
  stalled?: { seconds: number };
}

/** What tells this sync's completion from an earlier one's. */
export interface SyncMark {
  /** When Graph took the sync, in ms (see acceptedAt). */
  since: number;
  /** The connector's lastSyncDateTime as read just before the sync was requested. */
  before?: string;
}

/**
 * Polls the connector until its lastSyncDateTime reaches `since` and has moved past `before`, or the
 * timeout passes first. Both, since Graph's Date has whole seconds: an earlier sync that completed in
 * the same second as this one's request would otherwise count as this one's completion.
 */
export async function waitForSync(
  graph: GraphClient,
  inputs: ConnectorSyncInputs,
  wait: WaitForCompletion,
  mark: SyncMark,
  say: (line: string) => void,
): Promise<Waited> {
  const { clock } = providerContext();
  const started = clock.now();
  const before = serverTime(mark.before, started);
  const completed = (connector: ExchangeConnector) => {
    const last = serverTime(connector.lastSyncDateTime, clock.now());
    return last !== undefined && last >= mark.since && (before === undefined || last > before);
  };
  const since = new Date(mark.since).toISOString();
  let first: string | undefined;
  for (let poll = 0; ; poll++) {
    await exitIfEngineGone();
    const connector = await graph.getConnector(inputs.connectorId);
    if (completed(connector)) return { connector };
    if (poll === 0) first = connector.lastSyncDateTime;
    const elapsed = (clock.now() - started) / 1000;
    if (elapsed + wait.pollIntervalSeconds > wait.timeoutSeconds) {
      const timeout = new ConnectorSyncError(
        `The ${inputs.syncType} of connector '${inputs.connectorId}' in tenant ${inputs.tenantId} was requested at ${since} but had not completed after ${wait.timeoutSeconds} s (lastSyncDateTime is ${JSON.stringify(connector.lastSyncDateTime ?? "unset")})`,
        {
          code: "SyncTimeout",
          connectorId: inputs.connectorId,
          tenantId: inputs.tenantId,
          hint: "The sync is recorded and may still complete; raise waitForCompletion.timeoutSeconds, or set waitForCompletion to false.",
        },
      );
      const moved = connector.lastSyncDateTime !== first;
      return { connector, timeout, stalled: moved ? undefined : { seconds: wait.timeoutSeconds } };
    }
    say(
      `ConnectorSync: waiting for the ${inputs.syncType} of connector ${inputs.connectorId} in tenant ${inputs.tenantId} (${Math.round(elapsed)} s of ${wait.timeoutSeconds} s)`,
    );
    await clock.sleep(wait.pollIntervalSeconds * 1000);
  }
}
