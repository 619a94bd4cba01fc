// The guarantees every action's resource shares, written once and run for each: economy, refresh,
// not found, onFailure "warn", the wait and its timeout, a failure after the sync keeping the record,
// a 403 naming the action's permissions. The provider is driven as the engine drives it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withDefaults } from "../../provider/core/diff";
import { isConnectorSyncError } from "../../provider/errors";
import { app, cases, conformanceSuite } from "./cases";

for (const c of cases) {
  const { name } = c.action;
  const { get, sync, list } = c.routes;
  describe(`${name}: the shared guarantees`, () => {
    const suite = conformanceSuite(c);
    const count = (route: string) => suite.emu.log.count({ route: route as never });

    it("check (a preview) makes no request at all", async () => {
      const { failures } = await suite.run(() => c.provider.check({}, { ...c.inputs, triggers: [1] }));
      assert.deepEqual(failures, []);
      assert.deepEqual(suite.requests(), []);
    });

    it("a create makes one token request, its rule's reads, and exactly one sync POST", async () => {
      const { outs } = await suite.create(c, { ...c.inputs, triggers: [1] });
      assert.equal(count(sync), 1);
      assert.equal(count(get), c.readsFirst);
      assert.equal(count("token"), 1);
      assert.equal(outs.recorded.syncCount, 1);
      assert.equal(outs.recorded.syncPending, false);
      assert.ok(typeof outs.recorded.lastRequestId === "string");
      // One line for the audit log: the sync, its tenant and Graph's request-id.
      assert.deepEqual(suite.told, [
        `${name}: ${c.action.describe(withDefaults(c.action.inputs, c.inputs) as never)} in tenant ${suite.tenantId}: sent, and accepted by Graph (request-id ${outs.recorded.lastRequestId}, client-request-id ${outs.recorded.lastClientRequestId}).`,
      ]);
    });

    it("a no-op update and a changed setting call nothing; a changed trigger syncs once more", async () => {
      const { inputs, id, outs } = await suite.create(c, { ...c.inputs, triggers: [1] });
      suite.emu.log.clear();
      const same = await suite.run(() => c.provider.update(id, outs, inputs));
      const warned = await suite.run(() => c.provider.update(id, outs, { ...inputs, onFailure: "warn" }));
      assert.deepEqual(suite.requests(), []);
      assert.equal(same.outs.recorded.syncCount, 1);
      assert.equal(warned.outs.recorded.syncCount, 1);
      const next = await suite.run(() => c.provider.update(id, outs, { ...inputs, triggers: [2] }));
      assert.equal(count(sync), 1);
      assert.equal(next.outs.recorded.syncCount, 2);
    });

    it("a refresh reads the entity once and syncs nothing", async () => {
      const { id, outs } = await suite.create(c, c.inputs);
      suite.emu.log.clear();
      const read = await suite.run(() => c.provider.read(id, outs));
      assert.deepEqual(suite.requests(), [`${get} 200`]);
      assert.equal(read.id, id);
      assert.equal(read.props?.recorded.syncCount, 1);
      assert.equal(typeof read.props?.recorded.lastSyncDateTime, "string");
    });

    it('onFailure "warn": a sync that keeps failing is pending, and the next up sends it alone', async () => {
      suite.emu.faults.add({ route: sync as never, responses: Array(10).fill({ status: 503 }) });
      const { inputs, id, outs } = await suite.create(c, { ...c.inputs, onFailure: "warn" });
      assert.equal(outs.recorded.syncPending, true);
      assert.equal(outs.recorded.syncCount, 0);
      assert.equal(outs.recorded.syncFailure?.status, 503);
      assert.match(suite.warnings.join("\n"), new RegExp(`^${name}: .* failed and is pending`, "m"));
      suite.emu.faults.clear();
      suite.emu.log.clear();
      const diff = await c.provider.diff(id, outs, inputs);
      assert.equal(diff.changes, true, "a pending sync is a change");
      const retried = await suite.run(() => c.provider.update(id, outs, inputs));
      assert.equal(count(sync), 1);
      assert.equal(retried.outs.recorded.syncPending, false);
      assert.equal(retried.outs.recorded.syncCount, 1);
    });

    it("a wait ends when the entity shows the sync completed after the request", async () => {
      const { outs } = await suite.create(c, { ...c.inputs, waitForCompletion: true });
      assert.equal(count(sync), 1);
      assert.ok(count(get) >= 2, "a read before the sync, and a poll after it");
      assert.equal(outs.recorded.syncCount, 1);
      assert.equal(typeof outs.recorded.lastSyncDateTime, "string");
    });

    if (c.entitySet) {
      it("a wait polls until the entity shows the sync completed, partway through it", async () => {
        const waited = { ...c.inputs, waitForCompletion: { timeoutSeconds: 60, pollIntervalSeconds: 5 } };
        const { outs } = await withSyncsTaking(suite, 12_000, () => suite.create(c, waited));
        assert.deepEqual(suite.clock.waits, [5_000, 5_000, 5_000], "polls at 0, 5, 10 and 15 s");
        assert.equal(count(get), 1 + 4, "the read before the sync, and four polls");
        assert.equal(outs.recorded.syncCount, 1);
        assert.equal(outs.recorded.syncPending, false);
      });
    }

    it("a 403 names the resource's permissions and what Intune asked for, with the token's roles", async () => {
      const env = { ...suite.env, ...envOf(suite, "auditor") };
      const error = await suite.create(c, c.inputs, env).then(
        () => assert.fail("the create should fail"),
        (e: unknown) => e,
      );
      assert.ok(isConnectorSyncError(error, 403), String(error));
      for (const permission of c.action.permissions)
        assert.ok(error.message.includes(permission), error.message);
      assert.match(error.message, /The token had roles: DeviceManagementServiceConfig\.Read\.All/);
      if (c.entitySet) {
        // Intune's own refusal names the scopes it wants; the error carries them, and says them.
        assert.ok(error.scopes?.includes(c.action.permissions[0]), String(error.scopes));
        assert.match(error.message, /Intune asked for one of: /);
      }
      const accepted = suite.emu.log.entries({ route: sync as never }).filter((e) => e.status < 300);
      assert.deepEqual(accepted, [], "no sync was accepted");
    });

    if (c.missing) {
      const missing = c.missing;
      it("an id the tenant does not hold fails, naming the ids it does; ignoreNotFound records it instead", async () => {
        const error = await suite.create(c, missing).then(
          () => assert.fail("the create should fail"),
          (e: unknown) => e,
        );
        assert.ok(isConnectorSyncError(error, 404), String(error));
        assert.equal(error.gone, true);
        assert.ok(error.entityIds?.includes(c.id!), error.message);
        assert.equal(count(list!), 1, "one list, to confirm it is gone");
        assert.equal(count(sync), c.readsFirst === 0 ? 1 : 0, "a rule's read finds it missing first");
        const { outs } = await suite.create(c, { ...missing, ignoreNotFound: true });
        const found = c.action.names?.found ?? "found";
        assert.equal((outs.recorded as Record<string, unknown>)[found], false);
        assert.equal(outs.recorded.syncCount, 0);
      });

      it("a refresh of an entity that is gone drops the resource, unless ignoreNotFound", async () => {
        const { id, outs } = await suite.create(c, c.inputs);
        const gone = { ...outs, ...missing };
        assert.equal((await suite.run(() => c.provider.read(id, gone))).id, "");
        const kept = await suite.run(() => c.provider.read(id, { ...gone, ignoreNotFound: true }));
        assert.equal(kept.id, id);
      });
    }

    it("a wait that times out fails with the sync recorded, so the next up does not repeat it", async () => {
      const slow = { ...c.inputs, waitForCompletion: { timeoutSeconds: 10, pollIntervalSeconds: 5 } };
      // The entity never moves: the emulator's sync completes only after an hour of its clock.
      const error = await withSyncsTaking(suite, 3_600_000, () => suite.create(c, slow)).then(
        () => assert.fail("the create should fail"),
        (e: unknown) => e as Error & { properties: { recorded: { syncCount: number } } },
      );
      assert.match(error.message, /had not completed after 10 s/);
      assert.equal(error.properties.recorded.syncCount, 1);
      assert.equal(count(sync), 1);
    });
  });
}

function envOf(suite: ReturnType<typeof conformanceSuite>, displayName: string) {
  const { clientId, secret } = app(suite.emu, displayName);
  return { AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret };
}

/** Runs `body` while the emulator's syncs take `ms` to complete. */
async function withSyncsTaking<T>(
  suite: ReturnType<typeof conformanceSuite>,
  ms: number,
  body: () => Promise<T>,
) {
  const config = suite.emu.config as { syncCompletionMs: number };
  const saved = config.syncCompletionMs;
  config.syncCompletionMs = ms;
  try {
    return await body();
  } finally {
    config.syncCompletionMs = saved;
  }
}
