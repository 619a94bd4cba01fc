import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "./check";
import { providerContext, resetContext } from "./context";
import { defined } from "./declaration";
import { diffInputs, needsSync } from "./diff";
import { watchEngine } from "./engine";
import { isGone, partialFailure } from "./errors";
import type { ExchangeConnector, GraphClient } from "./graph/client";
import { healthWarning, judgeHealth } from "./health";
import { explained } from "./hints";
import { type CheckedInputs, type ConnectorSyncInputs, withDefaults } from "./inputs";
import { type ConnectorSyncState, inputsOf, type Recorded, recordedOf, type StoredState } from "./outputs";
import { pendingWarning, syncFailureOf, tolerated, waitWarning } from "./policy";
import { readSettings } from "./settings";
import { acceptedAt } from "./times";
import { waitForSync } from "./wait";

// `configure` is not called when the provider is driven directly: then each call reads the environment.
const settings = () => providerContext().settings ?? readSettings(undefined, process.env);
const say = (line: string) => console.error(line);

async function connect(inputs: ConnectorSyncInputs): Promise<GraphClient> {
  try {
    const { graphFor } = await import("./connect");
    return await graphFor(inputs, { settings: settings(), context: providerContext(), say });
  } catch (error) {
    throw explained(error, inputs.apiVersion);
  }
}

/** What the engine passes to `check`: the program's values as given, and whatever else the state holds. */
type GivenInputs = Record<string, unknown>;

/** The ResourceProvider behind ConnectorSync; state holds a small shim that requires it by package name. */
export const connectorSyncProvider = {
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    watchEngine();
    // A fresh context: nothing cached from before. Time and where warnings go are the process's: they stay.
    const { clock, warn } = providerContext();
    resetContext({ settings: readSettings(request.config, process.env), clock, warn });
  },

  async check(_olds: GivenInputs, news: GivenInputs) {
    const { tenantId, cloud } = settings();
    return checkInputs(news, { tenantId, cloud });
  },

  async diff(_id: string, olds: StoredState, news: CheckedInputs) {
    const { changes, ...result } = diffInputs(olds, news);
    // A sync left pending (onFailure "warn") changes no input, so only "some" makes the engine update.
    // So does a development build's flat state: the update lays it out anew, with no Graph call.
    if (recordedOf(olds).syncPending === true || !olds.recorded) return { ...result, changes: true };
    // A dynamic provider cannot send the list of changed inputs. "Unknown" makes
    // the engine list them itself (triggers, syncType...) and still honour
    // `replaces`; "none" keeps a changed shim alone from showing as a change.
    return { ...result, changes: changes ? undefined : false };
  },

  async create(inputs: CheckedInputs) {
    const id = randomUUID();
    return { id, outs: await sync(inputs, undefined, id) };
  },

  async update(id: string, olds: StoredState, news: CheckedInputs) {
    const recorded = recordedOf(olds);
    // A pending sync is tried again whatever changed.
    if (!needsSync(olds, news) && recorded.syncPending !== true) return { outs: stateOf(news, recorded) };
    return { outs: await sync(news, recorded, id) };
  },

  async read(id: string, state?: StoredState): Promise<pulumi.dynamic.ReadResult<ConnectorSyncState>> {
    // The engine always passes the state it holds; with none there is nothing to refresh.
    if (!state) return { id: "" };
    const inputs = withDefaults(state);
    const recorded = recordedOf(state);
    const graph = await connect(inputs);
    try {
      const connector = await graph.getConnector(state.connectorId);
      const read = { ...recorded, connectorFound: true, syncPending: recorded.syncPending === true };
      return { id, props: stateOf(inputsOf(state), await judged(id, inputs, read, connector)) };
    } catch (error) {
      if (!isGone(error)) throw explained(error, inputs.apiVersion);
      // A connector that is gone takes its resource out of the state (an empty id), unless that is expected.
      if (!inputs.ignoreNotFound) return { id: "" };
      return { id, props: stateOf(inputsOf(state), { ...recorded, connectorFound: false }) };
    }
  },

  async delete(_id: string, _state: unknown) {
    // A sync has no inverse: deleting the resource forgets it and calls nothing.
  },
} satisfies pulumi.dynamic.ResourceProvider<CheckedInputs, StoredState>;

/** Syncs the connector; keeps the inputs as given, and adds to what earlier syncs recorded (`kept`). */
async function sync(
  given: CheckedInputs,
  kept: Recorded | undefined,
  id: string,
): Promise<ConnectorSyncState> {
  const inputs = withDefaults(given);
  const graph = await connect(inputs);
  let before: string | undefined;
  let requestedAt: Date;
  let receipt: Awaited<ReturnType<GraphClient["sync"]>>;
  try {
    // A wait reads the completion time first, to tell this sync's completion from an earlier one's.
    if (inputs.waitForCompletion) before = (await graph.getConnector(inputs.connectorId)).lastSyncDateTime;
    requestedAt = new Date();
    receipt = await graph.sync(inputs.connectorId, inputs.syncType);
  } catch (error) {
    const unchanged = { ...kept, syncCount: kept?.syncCount ?? 0, syncFailure: undefined };
    if (inputs.ignoreNotFound && isGone(error))
      return stateOf(given, { ...unchanged, connectorFound: false, syncPending: false });
    const failure = explained(error, inputs.apiVersion);
    if (!tolerated(inputs, failure)) throw failure;
    // onFailure "warn": the deployment goes on, and the pending sync is the next `up`'s change.
    await providerContext().warn(pendingWarning(inputs, failure));
    const failed = {
      connectorFound: kept?.connectorFound ?? true,
      syncPending: true,
      syncFailure: syncFailureOf(failure),
    };
    return stateOf(given, { ...unchanged, ...failed });
  }
  const synced: Recorded = {
    ...kept,
    lastSyncRequestedAt: requestedAt.toISOString(),
    syncCount: (kept?.syncCount ?? 0) + 1,
    lastRequestId: receipt.requestId,
    lastClientRequestId: receipt.clientRequestId,
    connectorFound: true,
    syncPending: false,
    syncFailure: undefined,
  };
  if (!inputs.waitForCompletion) return stateOf(given, synced);
  let recorded = synced;
  try {
    // From here on, whatever fails (an unreadable Date from the server included) fails with the sync recorded.
    const since = acceptedAt(receipt.date, requestedAt.getTime());
    const waited = await waitForSync(graph, inputs, inputs.waitForCompletion, { since, before }, say);
    recorded = await judged(id, inputs, synced, waited.connector, waited.stalled);
    if (waited.timeout) throw waited.timeout;
    return stateOf(given, recorded);
  } catch (error) {
    const failure = explained(error, inputs.apiVersion);
    // The sync was requested: record it, so that the next `up` does not request it again.
    if (!tolerated(inputs, failure)) throw partialFailure(failure, id, stateOf(given, recorded));
    await providerContext().warn(waitWarning(inputs, failure));
    return stateOf(given, recorded);
  }
}

/** The record with what a read of the connector saw, and a warning, once, when it looks unhealthy. */
async function judged(
  id: string,
  { tenantId, staleAfterDays }: Pick<ConnectorSyncInputs, "tenantId" | "staleAfterDays">,
  recorded: Recorded,
  connector: ExchangeConnector,
  stalled?: { seconds: number },
): Promise<Recorded> {
  const context = providerContext();
  const health = judgeHealth(connector, { staleAfterDays, now: context.clock.now(), stalled });
  if (!health.healthy && !context.warned.has(`health ${id}`)) {
    context.warned.add(`health ${id}`);
    await context.warn(healthWarning(connector, tenantId, health));
  }
  return { ...recorded, ...observed(connector), connectorHealthy: health.healthy };
}

const observed = (c: ExchangeConnector) => ({
  connectorStatus: c.status,
  lastSyncDateTime: c.lastSyncDateTime,
});

/** The state: the inputs as given, and the record, replacing the old one whole. */
const stateOf = (given: CheckedInputs, recorded: Recorded): ConnectorSyncState => ({
  ...given,
  recorded: defined(recorded) as Recorded,
});
