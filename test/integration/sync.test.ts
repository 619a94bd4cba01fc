import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { connectorSyncProvider as provider } from "../../provider";
import { emulatorEnv, fixtures, quickEmulator, withEnv } from "../../support/emulator";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** check, then create: what the engine does for a new resource. */
async function created(news: Record<string, unknown>) {
  const { inputs, failures } = await provider.check({}, news);
  assert.deepEqual(failures, []);
  return { inputs, ...(await provider.create(inputs)) };
}

describe("the provider against the emulator", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let env: Record<string, string>;
  const run = <T>(body: () => Promise<T>) => withEnv(env, body);

  before(async () => {
    emu = await quickEmulator();
    f = fixtures(emu);
    env = emulatorEnv(emu);
  });
  after(() => emu?.stop());

  it("create makes exactly one POST, with the right path, body and headers", () =>
    run(async () => {
      const { id, outs } = await created({ connectorId: f.connectorsA[0], syncType: "fullSync" });
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
      assert.equal(outs.syncCount, 1);
      assert.equal(outs.connectorFound, true);
      assert.equal(outs.lastRequestId, post.requestId);
      assert.equal(outs.lastClientRequestId, post.headers["client-request-id"]);
      assert.equal(outs.tenantId, f.tenantA);
    }));

  it("an update syncs only when syncType or triggers changed", () =>
    run(async () => {
      const { inputs, outs } = await created({ connectorId: f.connectorsA[1], triggers: { a: 1, b: 2 } });
      emu.log.clear();
      const reordered = (
        await provider.check(outs, { connectorId: f.connectorsA[1], triggers: { b: 2, a: 1 } })
      ).inputs;
      assert.equal((await provider.diff("id", outs, reordered)).changes, false);
      const quiet = await provider.update("id", outs, { ...inputs, apiVersion: "v1.0" });
      assert.equal(emu.log.count({ route: "sync" }), 0);
      assert.equal(quiet.outs.syncCount, 1);
      assert.equal(quiet.outs.lastRequestId, outs.lastRequestId);
      const synced = await provider.update("id", quiet.outs, { ...inputs, triggers: { a: 2, b: 2 } });
      assert.equal(emu.log.count({ route: "sync", connectorId: f.connectorsA[1] }), 1);
      assert.equal(synced.outs.syncCount, 2);
    }));

  it("delete calls nothing", () =>
    run(async () => {
      emu.log.clear();
      await provider.delete("id", { connectorId: f.connectorsA[0], tenantId: f.tenantA });
      assert.equal(emu.log.count(), 0);
    }));

  it("waitForCompletion polls until lastSyncDateTime passes the request", () =>
    run(async () => {
      emu.log.clear();
      const { outs } = await created({ connectorId: f.connectorsA[0], waitForCompletion: true });
      assert.equal(emu.log.count({ route: "getConnector" }), 1);
      assert.ok(Date.parse(outs.lastSyncDateTime!) >= Date.parse(outs.lastSyncRequestedAt!) - 1000);
      assert.equal(outs.connectorStatus, emu.connector(f.tenantA, f.connectorsA[0])!.status);
    }));

  it("read refreshes the connector, and drops a connector that is gone unless ignoreNotFound", () =>
    run(async () => {
      const { outs } = await created({ connectorId: f.connectorsA[2] });
      const read = await provider.read("id", outs);
      assert.equal(read.id, "id");
      assert.equal(read.props.lastSyncDateTime, emu.connector(f.tenantA, f.connectorsA[2])!.lastSyncDateTime);
      const gone = { ...outs, connectorId: "deleted-connector" };
      emu.log.clear();
      assert.deepEqual(await provider.read("id", gone), { id: "", props: {} });
      const kept = await provider.read("id", { ...gone, ignoreNotFound: true });
      assert.equal(kept.props.connectorFound, false);
      assert.equal(emu.log.count({ route: "listConnectors" }), 0, "a 404 nobody sees lists nothing");
    }));

  it("ignoreNotFound: a missing connector is no error, and no sync is counted", () =>
    run(async () => {
      emu.log.clear();
      const { outs } = await created({ connectorId: "not-here", ignoreNotFound: true });
      assert.equal(emu.log.count({ route: "listConnectors" }), 0, "a 404 nobody sees lists nothing");
      assert.equal(outs.connectorFound, false);
      assert.equal(outs.syncCount, 0);
      assert.equal(outs.lastRequestId, undefined);
    }));
});
