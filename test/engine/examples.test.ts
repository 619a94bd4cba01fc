import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engineSuite } from "./harness";

// The examples' programs as a user runs them: they import the package by name and read their stack config.
const basic = require("../../examples/basic/index");
const multiTenant = require("../../examples/multi-tenant/index");
const project = "connector-sync-test";

describe("the examples under the Pulumi engine", () => {
  const suite = engineSuite();

  it("basic: syncs once, once more for a new policyVersion, then not at all", async () => {
    const { emu, f } = suite;
    const engine = await suite.stack(basic);
    await engine.stack.setAllConfig({ [`${project}:connectorId`]: { value: f.connectorsA[0] } });
    emu.log.clear();
    const first = await engine.up();
    assert.equal(first.result.outputs.syncCount.value, 1);
    await engine.stack.setConfig(`${project}:policyVersion`, { value: "2" });
    const second = await engine.up();
    assert.equal(second.result.outputs.syncCount.value, 2);
    await engine.up();
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => [e.connectorId, e.body.syncType, e.status]),
      [
        [f.connectorsA[0], "deltaSync", 204],
        [f.connectorsA[0], "deltaSync", 204],
      ],
    );
  });

  it("multi-tenant: one sync per tenant that has the connector, no error where it has none", async () => {
    const { emu, f } = suite;
    const engine = await suite.stack(multiTenant);
    const tenants = [
      { tenantId: f.tenantA, connectorId: f.connectorsA[1] },
      { tenantId: f.tenantB, connectorId: "retired-connector" },
    ];
    await engine.stack.setConfig(`${project}:tenants`, { value: JSON.stringify(tenants) });
    emu.log.clear();
    const { result } = await engine.up();
    assert.deepEqual(result.outputs.connectorsFound.value, [true, false]);
    assert.deepEqual(result.outputs.syncCounts.value, [1, 0]);
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 1);
    assert.equal(emu.log.count({ route: "listConnectors" }), 0);
    assert.equal(emu.log.count({ route: "token", tenantId: f.tenantA }), 1);
    assert.equal(emu.log.count({ route: "token", tenantId: f.tenantB }), 1);
  });
});
