// waitForCompletion: after the sync call, poll the connector on the provider's clock.
import { providerContext } from "./context";
import { exitIfEngineGone } from "./engine";
import { ConnectorSyncError } from "./errors";
import type { ExchangeConnector, GraphClient } from "./graph/client";
import type { ConnectorSyncInputs, WaitForCompletion } from "./inputs";

export interface Waited {
  /** The last read of the connector. */
  connector: ExchangeConnector;
  /** Set when the timeout passed first. */
  timeout?: ConnectorSyncError;
  /** When it timed out with the same lastSyncDateTime at every poll: the connector did not sync at all. */
  stalled?: { seconds: number };
}

/** Polls the connector until its lastSyncDateTime reaches `since`, or the timeout passes first. */
export async function waitForSync(
  graph: GraphClient,
  inputs: ConnectorSyncInputs,
  wait: WaitForCompletion,
  since: string,
  say: (line: string) => void,
): Promise<Waited> {
  const { clock } = providerContext();
  const started = clock.now();
  let first: string | undefined;
  for (let poll = 0; ; poll++) {
    await exitIfEngineGone();
    const connector = await graph.getConnector(inputs.connectorId);
    if (connector.lastSyncDateTime && Date.parse(connector.lastSyncDateTime) >= Date.parse(since))
      return { connector };
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
