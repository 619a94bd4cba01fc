// One sync of one resource: its rules first (read, wait them out), the request, the record of what
// was accepted, and the wait for completion. Exactly one sync is accepted per call, whatever path.
import { providerContext } from "../context";
import { ConnectorSyncError, isConnectorSyncError, isGone, partialFailure } from "../errors";
import type { EntityRef, GraphClient, GraphReceipt } from "../graph/client";
import { acceptedAt, serverTime } from "../times";
import { type Action, type Entity, type HoldBack, namesOf } from "./action";
import type { WaitForCompletion } from "./common";
import { judged } from "./health";
import { explained } from "./hints";
import { pendingWarning, syncFailureOf, tolerated, waitWarning } from "./on-failure";
import { type CoreRecord, stateOf } from "./record";
import { waitForSync } from "./wait";

export interface Syncing {
  action: Action;
  /** The resource's id in the state. */
  id: string;
  /** The inputs as `check` gave them (the state keeps these), and as they are used, with defaults. */
  given: Record<string, unknown>;
  inputs: Record<string, unknown>;
  /** What earlier syncs recorded. */
  kept?: CoreRecord;
  graph: GraphClient;
  /** How long the rules may hold a sync back, in all (connectorSync:retryDeadlineSeconds). */
  deadlineMs: number;
  /** How many refused requests a sync may meet, in all (connectorSync:maxAttempts). */
  maxAttempts: number;
  say: (line: string) => void;
  /** When a hold last said where it stands. */
  saidAt?: number;
}

interface Sent {
  receipt: GraphReceipt;
  requestedAt: number;
  /** The entity as read just before the request, when a rule or a wait read it. */
  before?: Entity;
}

/** The entity a resource names: its set and key, or its singleton. */
export const refOf = (action: Action, inputs: Record<string, unknown>): EntityRef => ({
  ...action.entity,
  id: action.key === undefined ? undefined : (inputs[action.key] as string),
});

/** What the lines and errors call this resource's sync: "the sync of VPP token 't1' in tenant …". */
export const described = (action: Action, inputs: Record<string, unknown>) =>
  `${action.describe(inputs as never)} in tenant ${inputs.tenantId}`;

/** Syncs the entity; keeps the inputs as given, and adds to what earlier syncs recorded. */
export async function sync(s: Syncing) {
  const { action, given, inputs, kept, id } = s;
  const names = namesOf(action);
  const found = action.key === undefined ? {} : { [names.found]: true };
  const read = () => s.graph.get(refOf(action, inputs), action.select);
  let sent: Sent;
  try {
    sent = await send(s, read);
  } catch (error) {
    const unchanged = { ...kept, syncCount: kept?.syncCount ?? 0, syncFailure: undefined };
    if (action.key !== undefined && inputs.ignoreNotFound && isGone(error))
      return stateOf(given, { ...unchanged, [names.found]: false, syncPending: false } as CoreRecord);
    const failure = explained(error, action, inputs.apiVersion as string);
    if (!tolerated(inputs, failure)) throw failure;
    // onFailure "warn": the deployment goes on, and the pending sync is the next `up`'s change.
    await providerContext().warn(pendingWarning(action.name, described(action, inputs), failure));
    const stillFound = action.key === undefined ? {} : { [names.found]: kept?.[names.found] ?? true };
    const pending = { syncPending: true, syncFailure: syncFailureOf(failure) };
    return stateOf(given, { ...unchanged, ...stillFound, ...pending } as CoreRecord);
  }
  const { requestId, clientRequestId } = sent.receipt;
  const ids = `request-id ${requestId ?? "unknown"}, client-request-id ${clientRequestId}`;
  // One line per accepted sync, kept by the engine: what a pipeline's audit log wants.
  await providerContext().tell(
    `${action.name}: ${described(action, inputs)}: sent, and accepted by Graph (${ids}).`,
  );
  const synced = {
    ...kept,
    lastSyncRequestedAt: new Date(sent.requestedAt).toISOString(),
    syncCount: (kept?.syncCount ?? 0) + 1,
    lastRequestId: sent.receipt.requestId,
    lastClientRequestId: sent.receipt.clientRequestId,
    ...found,
    syncPending: false,
    syncFailure: undefined,
  } as CoreRecord;
  const wait = inputs.waitForCompletion as WaitForCompletion | false;
  if (!wait)
    return stateOf(given, sent.before ? await judged(action, id, inputs, synced, sent.before) : synced);
  let recorded = synced;
  try {
    // From here on, whatever fails (an unreadable Date from the server included) fails with the sync recorded.
    const mark = { since: acceptedAt(sent.receipt.date, sent.requestedAt), before: sent.before };
    const waited = await waitForSync(action, read, inputs, wait, mark, s.say);
    recorded = await judged(action, id, inputs, synced, waited.entity, waited.stalled);
    if (waited.reported !== undefined && waited.failure) {
      // The entity said the sync failed: a failed sync, pending under either policy, for the next `up`.
      recorded = {
        ...recorded,
        syncPending: true,
        syncFailure: syncFailureOf(waited.failure, waited.reported),
      };
    }
    if (waited.failure) throw waited.failure;
    return stateOf(given, recorded);
  } catch (error) {
    const failure = explained(error, action, inputs.apiVersion as string);
    // The sync was requested: record it, so that the next `up` does not request it again.
    if (!tolerated(inputs, failure)) throw partialFailure(failure, id, stateOf(given, recorded));
    const warning = failure.code === "SyncFailed" ? pendingWarning : waitWarning;
    await providerContext().warn(warning(action.name, described(action, inputs), failure));
    return stateOf(given, recorded);
  }
}

/** A held-back sync looks again this often when its rule gives no time (a sync still running). */
const lookAgainMs = 5_000;
/** A long hold says where it stands this often, so that a pipeline's log is never silent for long. */
const sayEveryMs = 30_000;

/**
 * The rules, then the request. An action with a rule reads the entity first, and a wait reads it to
 * mark the time before; a rule that holds the sync back is waited out (on the provider's clock) and
 * the entity read again. A 409 or 429 that comes anyway (a ruled status) is waited out the same way,
 * each time twice as long as the last, for connectorSync:maxAttempts refusals at most: a refusal the
 * entity cannot explain is throttling or a rule it does not show, and ends as Graph's own error.
 */
async function send(s: Syncing, read: () => Promise<Entity>): Promise<Sent> {
  const { action, inputs } = s;
  const { clock } = providerContext();
  const reads =
    action.holdBack !== undefined || action.refuse !== undefined || Boolean(inputs.waitForCompletion);
  const deadline = clock.now() + s.deadlineMs;
  let refusals = 0;
  for (;;) {
    const before = reads ? await read() : undefined;
    const refused = before && action.refuse?.(before);
    if (refused) throw refusal(s, refused);
    const hold = before && action.holdBack?.(before, clock.now());
    if (hold) {
      await holdOn(s, hold, deadline);
      continue;
    }
    const requestedAt = clock.now();
    const { ruled = [] } = action.endpoint;
    try {
      const body = action.endpoint.body?.(inputs as never);
      // The rules' deadline bounds the client's own retries too: all waits within retryDeadlineSeconds.
      const options = { data: body, ruled, deadlineAt: deadline };
      const receipt = await s.graph.post(refOf(action, inputs), action.endpoint.action, options);
      return { receipt, requestedAt, before };
    } catch (error) {
      if (!isConnectorSyncError(error) || !ruled.includes(error.status ?? 0)) throw error;
      // A sync began since the read: this POST's own (an earlier attempt's answer lost), or another's.
      // Either began after the change, so it is this change's sync: never a second one.
      if (before && (await begunSince(s, before, read))) {
        s.say(
          `${action.name}: ${described(action, inputs)}: Graph answered ${error.status}, and a sync has begun since the read before it; it is taken as this change's sync.`,
        );
        return { receipt: { clientRequestId: error.clientRequestId ?? "" }, requestedAt, before };
      }
      // A rule the read could not show, or throttling: no sync was accepted.
      refusals += 1;
      const waitMs = lookAgainMs * 2 ** (refusals - 1);
      if (refusals >= s.maxAttempts || clock.now() + waitMs > deadline) throw error;
      const rule = `Graph's ${error.status} (a sync running, or one too recent)`;
      await holdOn(s, { rule, waitMs }, deadline);
    }
  }
}

/** Whether the entity's own trigger time has moved past the one read before the POST. */
async function begunSince(s: Syncing, before: Entity, read: () => Promise<Entity>): Promise<boolean> {
  const triggered = s.action.triggeredAt;
  if (triggered === undefined) return false;
  const now = providerContext().clock.now();
  const [then, since] = [serverTime(triggered(before), now), serverTime(triggered(await read()), now)];
  return since !== undefined && (then === undefined || since > then);
}

async function holdOn(s: Syncing, hold: HoldBack, deadline: number) {
  const { clock } = providerContext();
  const waitMs = Math.max(hold.waitMs ?? lookAgainMs, 1);
  const what = described(s.action, s.inputs);
  if (clock.now() + waitMs > deadline) {
    throw new ConnectorSyncError(
      `${what.charAt(0).toUpperCase()}${what.slice(1)} was held back by ${hold.rule} for longer than connectorSync:retryDeadlineSeconds allows (${s.deadlineMs / 1000} s); no sync was accepted`,
      {
        code: "SyncHeldBack",
        entityId: s.action.key && (s.inputs[s.action.key] as string),
        tenantId: s.inputs.tenantId as string,
        hint: "Run `pulumi up` again once the rule allows it, or raise connectorSync:retryDeadlineSeconds to wait it out.",
      },
    );
  }
  for (let left = waitMs; left > 0; left -= sayEveryMs) {
    // A hold of unknown length (a sync running) looks again every 5 s, and says so every 30 s.
    if (clock.now() - (s.saidAt ?? Number.NEGATIVE_INFINITY) >= sayEveryMs || hold.waitMs !== undefined) {
      const toGo = hold.waitMs === undefined ? "" : `: ${Math.ceil(left / 1000)} s to go`;
      s.say(`${s.action.name}: ${what} waits for ${hold.rule}${toGo}.`);
      s.saidAt = clock.now();
    }
    await clock.sleep(Math.min(left, sayEveryMs));
  }
}

function refusal(s: Syncing, why: string) {
  const what = described(s.action, s.inputs);
  return new ConnectorSyncError(`${what.charAt(0).toUpperCase()}${what.slice(1)} was not sent: ${why}`, {
    code: "SyncRefused",
    entityId: s.action.key && (s.inputs[s.action.key] as string),
    tenantId: s.inputs.tenantId as string,
    hint: `Nothing was sent. Fix it in the Intune admin center (${s.action.advice.where}), then run \`pulumi up\` again.`,
  });
}
