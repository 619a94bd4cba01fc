// waitForCompletion: after the sync call, poll the entity on the provider's clock until it shows
// this sync completed, or failed, or the timeout passes first.
import { providerContext } from "../context";
import { exitIfEngineGone } from "../engine";
import { ConnectorSyncError } from "../errors";
import { type Action, type Entity, passed, type SyncMark } from "./action";
import type { WaitForCompletion } from "./common";

export interface Waited {
  /** The last read of the entity. */
  entity: Entity;
  /** Set when the timeout passed first, or the entity reported the sync failed. */
  failure?: ConnectorSyncError;
  /** What the entity reported, when it reported the sync failed. */
  reported?: string;
  /** When it timed out with the same sync time at every poll: the entity did not sync at all. */
  stalled?: { seconds: number };
}

/**
 * Polls the entity until its own sync time reaches `since` and has moved past the time read before
 * the request, or it reports the sync failed, or the timeout passes first. Both bounds, since Graph's
 * Date has whole seconds: an earlier sync that completed in the same second as this one's request
 * would otherwise count as this one's completion.
 */
export async function waitForSync(
  action: Action,
  read: () => Promise<Entity>,
  inputs: Record<string, unknown>,
  wait: WaitForCompletion,
  mark: SyncMark,
  say: (line: string) => void,
): Promise<Waited> {
  const { clock } = providerContext();
  const started = clock.now();
  const beforeTime = mark.before && action.syncTime(mark.before);
  const what = `${action.describe(inputs as never)} in tenant ${inputs.tenantId}`;
  const ids = { entityId: action.key && (inputs[action.key] as string), tenantId: inputs.tenantId as string };
  let first: string | undefined;
  for (let poll = 0; ; poll++) {
    await exitIfEngineGone();
    const entity = await read();
    const now = clock.now();
    const elapsed = (now - started) / 1000;
    const last = elapsed + wait.pollIntervalSeconds > wait.timeoutSeconds;
    const reported = action.failure?.(entity, mark, now);
    if (reported !== undefined) {
      const failure = new ConnectorSyncError(
        `${capital(what)} was accepted, and then reported failed: ${reported}`,
        {
          code: "SyncFailed",
          ...ids,
          hint: `The sync is recorded as failed and pending: the next \`pulumi up\` tries again. See why in the Intune admin center (${action.advice.where}).`,
        },
      );
      return { entity, failure, reported };
    }
    if (passed(action.syncTime(entity), mark, beforeTime, now)) return { entity };
    if (poll === 0) first = action.syncTime(entity);
    if (last) {
      const since = new Date(mark.since).toISOString();
      const failure = new ConnectorSyncError(
        `${capital(what)} was requested at ${since} but had not completed after ${wait.timeoutSeconds} s (${action.shown(entity)})`,
        {
          code: "SyncTimeout",
          ...ids,
          hint: "The sync is recorded and may still complete; raise waitForCompletion.timeoutSeconds, or set waitForCompletion to false.",
        },
      );
      const moved = action.syncTime(entity) !== first;
      return { entity, failure, stalled: moved ? undefined : { seconds: wait.timeoutSeconds } };
    }
    say(`${action.name}: waiting for ${what} (${Math.round(elapsed)} s of ${wait.timeoutSeconds} s)`);
    await clock.sleep(wait.pollIntervalSeconds * 1000);
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
