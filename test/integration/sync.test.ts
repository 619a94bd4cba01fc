import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import type { ConnectorSyncState } from "../../provider/actions/exchange-connector";
import type { StoredState } from "../../provider/core/record";
import { integrationSuite } from "./fixture";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("the provider against the emulator", () => {
  const suite = integrationSuite();

  it("create makes exactly one POST, with the right path, body and headers", async () => {
    const { emu, f } = suite;
    const { id, outs } = await suite.create({ connectorId: f.connectorsA[0], syncType: "fullSync" });
    const [post, ...others] = emu.log.entries({ route: "sync" });
    assert.equal(others.length, 0);
    assert.equal(post.method, "POST");
    assert.equal(post.path, `/beta/deviceManagement/exchangeConnectors/${f.connectorsA[0]}/sync`);
    assert.deepEqual(post.body, { syncType: "fullSync" });
    assert.equal(post.status, 204);
    assert.equal(post.headers.authorization, "[redacted]");
    assert.match(post.headers["content-type"], /^application\/json/);
    assert.match(post.headers["client-request-id"], uuid);
    assert.equal(post.headers["user-agent"], "pulumi-intune-connector-sync/0.1.0");
    assert.match(id, uuid);
    assert.equal(outs.recorded.syncCount, 1);
    assert.equal(outs.recorded.connectorFound, true);
    assert.equal(outs.recorded.lastRequestId, post.requestId);
    assert.equal(outs.recorded.lastClientRequestId, post.headers["client-request-id"]);
    assert.equal(outs.tenantId, f.tenantA);
  });

  it("an update syncs only when syncType or triggers changed", async () => {
    const { emu, f } = suite;
    const { inputs, outs } = await suite.create({ connectorId: f.connectorsA[1], triggers: { a: 1, b: 2 } });
    emu.log.clear();
    await suite.run(async () => {
      const news = { connectorId: f.connectorsA[1], triggers: { b: 2, a: 1 } };
      const reordered = (await provider.check(outs, news)).inputs;
      assert.equal((await provider.diff("id", outs, reordered)).changes, false);
      const quiet = await provider.update("id", outs, { ...inputs, apiVersion: "v1.0" });
      assert.equal(emu.log.count({ route: "sync" }), 0);
      assert.equal(quiet.outs.recorded.syncCount, 1);
      assert.equal(quiet.outs.recorded.lastRequestId, outs.recorded.lastRequestId);
      const synced = await provider.update("id", quiet.outs, { ...inputs, triggers: { a: 2, b: 2 } });
      assert.equal(emu.log.count({ route: "sync", connectorId: f.connectorsA[1] }), 1);
      assert.equal(synced.outs.recorded.syncCount, 2);
    });
  });

  it("an update keeps the inputs it is given, so an input taken out of the program is gone from the state", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[2];
    const given = { connectorId, syncType: "fullSync", triggers: [1], ignoreNotFound: true };
    const { outs } = await suite.create(given);
    emu.log.clear();
    await suite.run(async () => {
      const check = async (news: Record<string, unknown>) => (await provider.check(outs, news)).inputs;
      // ignoreNotFound taken out: no sync, and the state no longer holds it.
      const quiet = await provider.update("id", outs, await check({ ...given, ignoreNotFound: undefined }));
      assert.equal(emu.log.count({ route: "sync" }), 0);
      assert.equal("ignoreNotFound" in quiet.outs, false);
      // syncType and triggers taken out: one delta sync, and then no change.
      const bare = await check({ connectorId });
      const synced = await provider.update("id", quiet.outs, bare);
      assert.deepEqual(
        emu.log.entries({ route: "sync" }).map((e) => e.body),
        [{ syncType: "deltaSync" }],
      );
      assert.deepEqual(
        Object.keys(synced.outs).filter((key) => key in given),
        ["connectorId"],
      );
      assert.equal(synced.outs.recorded.syncCount, 2);
      assert.equal((await provider.diff("id", synced.outs, bare)).changes, false);
    });
  });

  it("a state that a development build wrote flat is laid out anew by one update, with no Graph call", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    const flat = {
      connectorId,
      tenantId: f.tenantA,
      syncType: "deltaSync",
      syncCount: 3,
      connectorFound: true,
      syncPending: false,
    };
    await suite.run(async () => {
      const news = (await provider.check(flat, { connectorId })).inputs;
      const old = flat as StoredState;
      assert.equal((await provider.diff("id", old, news)).changes, true);
      const { outs } = await provider.update("id", old, news);
      assert.deepEqual(outs, {
        connectorId,
        tenantId: f.tenantA,
        cloud: "global",
        recorded: { syncCount: 3, connectorFound: true, syncPending: false },
      });
      assert.equal((await provider.diff("id", outs, news)).changes, false);
      assert.equal(emu.log.count(), 0);
      // A refresh of a flat state keeps its inputs and lays out what it recorded.
      const { props } = await provider.read("id", old);
      const { recorded, ...inputs } = props!;
      assert.deepEqual(inputs, { connectorId, tenantId: f.tenantA, syncType: "deltaSync" });
      assert.equal(recorded.syncCount, 3);
    });
  });

  it("delete calls nothing", async () => {
    const { emu, f } = suite;
    await suite.run(() => provider.delete("id", { connectorId: f.connectorsA[0], tenantId: f.tenantA }));
    assert.equal(emu.log.count(), 0);
  });

  it("waitForCompletion polls until lastSyncDateTime passes the request", async () => {
    const { emu, f } = suite;
    const { outs } = await suite.create({ connectorId: f.connectorsA[0], waitForCompletion: true });
    assert.deepEqual(
      emu.log.entries().map((e) => e.route),
      ["openid-configuration", "token", "getConnector", "sync", "getConnector"],
      "one read before the sync, to tell its completion from an earlier one's, then one poll",
    );
    assert.deepEqual(suite.clock.waits, []);
    assert.ok(
      Date.parse(outs.recorded.lastSyncDateTime!) >= Date.parse(outs.recorded.lastSyncRequestedAt!) - 1000,
    );
    assert.equal(outs.recorded.connectorStatus, emu.connector(f.tenantA, f.connectorsA[0])!.status);
  });

  it("read refreshes the connector, and drops a connector that is gone unless ignoreNotFound", async () => {
    const { emu, f } = suite;
    const { outs } = await suite.create({ connectorId: f.connectorsA[2] });
    await suite.run(async () => {
      const read = await provider.read("id", outs);
      assert.equal(read.id, "id");
      assert.equal(
        read.props?.recorded.lastSyncDateTime,
        emu.connector(f.tenantA, f.connectorsA[2])!.lastSyncDateTime,
      );
      const gone = { ...outs, connectorId: "deleted-connector" };
      emu.log.clear();
      assert.deepEqual(await provider.read("id", gone), { id: "" });
      const kept = await provider.read("id", { ...gone, ignoreNotFound: true });
      assert.equal(kept.props?.recorded.connectorFound, false);
      assert.equal(
        emu.log.count({ route: "listConnectors" }),
        2,
        "each 404 is confirmed by the tenant's list",
      );
    });
  });

  it("ignoreNotFound: a missing connector is no error, and no sync is counted", async () => {
    const { emu } = suite;
    const { outs } = await suite.create({ connectorId: "not-here", ignoreNotFound: true });
    assert.equal(emu.log.count({ route: "listConnectors" }), 1, "the 404 is confirmed by the tenant's list");
    assert.equal(outs.recorded.connectorFound, false);
    assert.equal(outs.recorded.syncCount, 0);
    assert.equal(outs.recorded.lastRequestId, undefined);
  });
});

describe("waitForCompletion against syncs that never complete", () => {
  const suite = integrationSuite({ syncCompletionMs: 24 * 3600 * 1000 });
  const wait = { timeoutSeconds: 10, pollIntervalSeconds: 5 };

  it("gives up after the timeout, and the error records the sync for the engine to keep", async () => {
    const { emu, f } = suite;
    const error = await suite.createFailure({ connectorId: f.connectorsA[0], waitForCompletion: wait });
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.code, "SyncTimeout");
    assert.match(error.message, /had not completed after 10 s/);
    // A read before the sync, then polls at 0, 5 and 10 s of the clock; a fourth would start past the timeout.
    assert.equal(emu.log.count({ route: "getConnector" }), 4);
    assert.deepEqual(suite.clock.waits, [5000, 5000]);
    const [post, ...others] = emu.log.entries({ route: "sync" });
    assert.equal(others.length, 0);
    const recorded = error as ConnectorSyncError & { id: string; properties: ConnectorSyncState };
    assert.match(recorded.id, uuid);
    assert.equal(recorded.properties.recorded.syncCount, 1);
    assert.equal(recorded.properties.recorded.connectorFound, true);
    assert.equal(recorded.properties.recorded.lastRequestId, post.requestId);
    assert.deepEqual((error as unknown as { reasons: string[] }).reasons, [error.message]);
  });

  it("an update that times out keeps the resource's id and counts its sync", async () => {
    const { f } = suite;
    const { inputs, outs } = await suite.create({ connectorId: f.connectorsA[1] });
    const error = await suite.run(() =>
      provider.update("kept-id", outs, { ...inputs, triggers: [2], waitForCompletion: wait }).then(
        () => assert.fail("the update should have failed"),
        (e: unknown) => e as ConnectorSyncError & { id: string; properties: ConnectorSyncState },
      ),
    );
    assert.equal(error.code, "SyncTimeout");
    assert.equal(error.id, "kept-id");
    assert.equal(error.properties.recorded.syncCount, 2);
    assert.deepEqual(error.properties.triggers, [2]);
  });
});

describe("a connector id that is not one plain path segment", () => {
  const suite = integrationSuite();

  for (const connectorId of ["..", ".", "%2e%2e", "..\\sync"]) {
    it(`${JSON.stringify(connectorId)} is refused by check, and by the Graph client on a direct call, before any request`, async () => {
      const { failures, inputs } = await suite.run(() => provider.check({}, { connectorId: "c" }));
      assert.deepEqual(failures, []);
      const checked = await suite.run(() => provider.check({}, { connectorId }));
      assert.deepEqual(
        checked.failures.map((f) => f.property),
        ["connectorId"],
      );
      const error = await suite
        .run(() => provider.create({ ...inputs, connectorId }))
        .then(
          () => assert.fail("the create should have failed"),
          (e: unknown) => e,
        );
      assert.ok(error instanceof ConnectorSyncError, String(error));
      assert.equal(error.code, "InvalidInput");
      assert.equal(suite.emu.log.count(), 0, "no token request and no Graph request");
    });
  }
});
