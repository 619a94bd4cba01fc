// A POST whose answer was lost, retried, and refused because its own sync now runs: the core takes the
// sync that began since its read as this change's, and never sends a second one.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { depOnboarding, windowsAutopilot } from "../../provider/actions";
import { resetContext } from "../../provider/context";
import type { Action } from "../../provider/core/action";
import { withDefaults } from "../../provider/core/diff";
import { sync } from "../../provider/core/sync";
import { ConnectorSyncError } from "../../provider/errors";
import type { GraphClient } from "../../provider/graph/client";
import { virtualClock } from "../integration/fixture";

const tenantId = "8e5a7a3c-2f1d-4b59-9c1e-0d3b6a7f1c01";
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

/** A Graph that answers reads in turn and refuses every POST with `status`. */
function graph(reads: Record<string, unknown>[], status: number) {
  const calls = { get: 0, post: 0 };
  const client = {
    get: async () => {
      calls.get++;
      return reads[Math.min(calls.get, reads.length) - 1];
    },
    post: async () => {
      calls.post++;
      throw new ConnectorSyncError(`Graph answered ${status}`, {
        code: "GraphError",
        status,
        clientRequestId: "c-2",
      });
    },
  };
  return { client: client as unknown as GraphClient, calls };
}

const run = (action: Action, given: Record<string, unknown>, client: GraphClient) =>
  sync({
    action,
    id: "id-1",
    given,
    inputs: withDefaults(action.inputs, given),
    graph: client,
    deadlineMs: 900_000,
    maxAttempts: 10,
    say: () => {},
  });

describe("a refused POST after a sync began since the read", () => {
  beforeEach(() => resetContext({ clock: virtualClock(), warn: async () => {}, tell: async () => {} }));

  for (const [action, field, given] of [
    [windowsAutopilot, "lastManualSyncTriggerDateTime", { tenantId }],
    [depOnboarding, "lastSyncTriggeredDateTime", { tenantId, depOnboardingSettingId: "dep-1" }],
  ] as const) {
    it(`${action.name}: takes that sync as this change's, with one POST and no second`, async () => {
      const before = { id: "x", syncStatus: "completed", lastSyncErrorCode: 0, [field]: hourAgo() };
      const since = { ...before, syncStatus: "inProgress", [field]: new Date().toISOString() };
      const { client, calls } = graph([before, since], 409);
      const state = await run(action as unknown as Action, given, client);
      assert.equal(state.recorded.syncCount, 1);
      assert.equal(state.recorded.syncPending, false);
      assert.equal(state.recorded.lastClientRequestId, "c-2");
      assert.deepEqual(calls, { get: 2, post: 1 });
    });

    it(`${action.name}: with no sync begun since, waits and sends again, never counting the refusal`, async () => {
      const before = { id: "x", syncStatus: "completed", lastSyncErrorCode: 0, [field]: hourAgo() };
      const { client, calls } = graph([before], 409);
      const error = await run(action as unknown as Action, { ...given }, client).then(
        () => assert.fail("every POST is refused"),
        (e: unknown) => e as ConnectorSyncError,
      );
      assert.equal(error.status, 409);
      assert.equal(calls.post, 8, "5 s, then twice as long each time, within the 900 s deadline");
    });
  }
});
