import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { ConnectorSync, type ConnectorSyncArgs } from "../../provider";
import { emulatorEnv, fixtures, quickEmulator } from "../../support/emulator";
import { changes, EngineStack } from "../../support/engine";

// One stack walks through a resource's life; each step asserts what the engine
// planned and what reached Graph, from the emulator's request log.
describe("ConnectorSync under the Pulumi engine", () => {
  let emu: Emulator;
  let engine: EngineStack;
  let connectors: string[];
  let resources: Record<string, ConnectorSyncArgs>;
  // What the program saw of alpha's defaulted inputs: an apply runs only on a known value.
  let seen: Record<string, unknown> = {};
  const posts = (connectorId?: string) => emu.log.count({ route: "sync", method: "POST", connectorId });

  before(async () => {
    emu = await quickEmulator();
    connectors = fixtures(emu).connectorsA;
    resources = {
      alpha: { connectorId: connectors[0], triggers: { policyVersion: 1 } },
      beta: { connectorId: connectors[1], triggers: ["v1"] },
    };
    const program = async () => {
      const out: Record<string, unknown> = {};
      for (const [name, args] of Object.entries(resources)) {
        const sync = new ConnectorSync(name, args);
        if (name === "alpha") {
          sync.syncType.apply((value) => (seen.syncType = value));
          sync.cloud.apply((value) => (seen.cloud = value));
          out.whole = sync;
        }
        out[name] = {
          syncType: sync.syncType,
          cloud: sync.cloud,
          staleAfterDays: sync.staleAfterDays,
          syncCount: sync.syncCount,
          lastRequestId: sync.lastRequestId,
          lastSyncDateTime: sync.lastSyncDateTime,
        };
      }
      return out;
    };
    engine = await EngineStack.create(program, emulatorEnv(emu));
  });
  after(async () => {
    await engine?.remove();
    await emu?.stop();
  });

  it("1. previews a new stack as creates, with no Graph and no token request", async () => {
    seen = {};
    const { steps } = await engine.preview();
    assert.deepEqual(changes(steps), ["create alpha", "create beta"]);
    assert.equal(steps[0].type, "pulumi-nodejs:dynamic/intune:ConnectorSync");
    assert.equal(emu.log.count(), 0);
    // A preview knows the defaults, though the state will not hold syncType.
    assert.deepEqual(seen, { syncType: "deltaSync", cloud: "global" });
  });

  it("2. up syncs each connector exactly once, with the default syncType", async () => {
    const { result } = await engine.up();
    assert.deepEqual(result.summary.resourceChanges, { create: 3 });
    assert.equal(posts(connectors[0]), 1);
    assert.equal(posts(connectors[1]), 1);
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => e.body),
      [{ syncType: "deltaSync" }, { syncType: "deltaSync" }],
    );
    assert.equal(emu.log.count({ route: "token" }), 1);
    const alpha = result.outputs.alpha.value;
    // The state keeps no default; the resource reads each one.
    assert.equal(alpha.syncType, "deltaSync");
    assert.equal(alpha.cloud, "global");
    assert.equal(alpha.staleAfterDays, 30);
    // The whole resource as a stack output: each output and input by name, and not the record beside them.
    const whole = result.outputs.whole.value;
    assert.equal(whole.syncCount, 1);
    assert.equal(whole.syncType, "deltaSync");
    assert.equal("recorded" in whole, false);
    assert.equal(alpha.syncCount, 1);
    assert.equal(
      alpha.lastRequestId,
      emu.log.entries({ route: "sync", connectorId: connectors[0] })[0].requestId,
    );
  });

  it("3. an unchanged up calls nothing, and preview --expect-no-changes passes", async () => {
    emu.log.clear();
    const { result } = await engine.up();
    assert.deepEqual(result.summary.resourceChanges, { same: 3 });
    await engine.preview({ expectNoChanges: true });
    assert.equal(emu.log.count(), 0);
  });

  it("4. a changed trigger is an update of triggers, with one sync", async () => {
    resources.alpha.triggers = { policyVersion: 2 };
    const { steps } = await engine.preview();
    assert.deepEqual(changes(steps), ["update alpha"]);
    assert.deepEqual(steps.find((s) => s.name === "alpha")!.diffs, ["triggers"]);
    emu.log.clear();
    const { result } = await engine.up();
    assert.equal(posts(), 1);
    assert.equal(posts(connectors[0]), 1);
    assert.equal(result.outputs.alpha.value.syncCount, 2);
  });

  it("5. a changed syncType syncs once with the new type", async () => {
    resources.beta.syncType = "fullSync";
    emu.log.clear();
    await engine.up();
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => [e.connectorId, e.body]),
      [[connectors[1], { syncType: "fullSync" }]],
    );
  });

  it("6. a changed apiVersion alone updates with no sync", async () => {
    resources.alpha.apiVersion = "v1.0";
    emu.log.clear();
    const { steps, result } = await engine.up();
    assert.deepEqual(changes(steps), ["update alpha"]);
    assert.equal(posts(), 0);
    assert.equal(result.outputs.alpha.value.syncCount, 2);
    resources.alpha.apiVersion = "beta";
    await engine.up();
  });

  it("7. a changed connectorId replaces: one sync of the new connector, none of the old", async () => {
    resources.beta.connectorId = connectors[2];
    const { steps: planned } = await engine.preview();
    // Create the replacement first, then delete the old: a sync has nothing to delete.
    assert.deepEqual(changes(planned), ["create-replacement beta", "replace beta", "delete-replaced beta"]);
    emu.log.clear();
    await engine.up();
    assert.equal(posts(connectors[2]), 1);
    assert.equal(posts(connectors[1]), 0);
    assert.equal(posts(), 1);
  });

  it("8. refresh only reads, and brings lastSyncDateTime into the state", async () => {
    emu.log.clear();
    await engine.refresh();
    const methods = new Set(emu.log.entries({ route: "getConnector" }).map((e) => e.method));
    assert.deepEqual([...methods], ["GET"]);
    assert.equal(emu.log.count({ route: "getConnector" }), 2);
    assert.equal(posts(), 0);
    for (const resource of await engine.resources()) {
      const { lastSyncDateTime, lastSyncRequestedAt, connectorStatus } = resource.outputs.recorded;
      assert.ok(Date.parse(lastSyncDateTime) >= Date.parse(lastSyncRequestedAt) - 1000, resource.urn);
      assert.equal(typeof connectorStatus, "string");
    }
  });

  it("9. destroy calls no sync", async () => {
    emu.log.clear();
    const { result } = await engine.destroy();
    assert.deepEqual(result.summary.resourceChanges, { delete: 3 });
    assert.equal(posts(), 0);
  });
});
