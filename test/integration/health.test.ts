import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectorSyncProvider as provider } from "../../provider";
import { resetContext } from "../../provider/context";
import { integrationSuite, virtualClock } from "./fixture";

describe("connector health against the emulator", () => {
  const suite = integrationSuite();

  it("a wait reads the connector: a disconnected one is unhealthy, with one warning", async () => {
    const { f } = suite;
    const waitForCompletion = true;
    const healthy = await suite.create({ connectorId: f.connectorsA[0], waitForCompletion });
    assert.equal(healthy.outs.recorded.connectorHealthy, true);
    assert.deepEqual(suite.warnings, []);
    const disconnected = await suite.create({ connectorId: f.connectorsA[2], waitForCompletion });
    assert.equal(disconnected.outs.recorded.connectorHealthy, false);
    assert.equal(disconnected.outs.recorded.connectorStatus, "disconnected");
    assert.equal(suite.warnings.length, 1);
    assert.match(suite.warnings[0], new RegExp(`connector "${f.connectorsA[2]}" in tenant ${f.tenantA}`));
    assert.match(suite.warnings[0], /its status is "disconnected"/);
  });

  it("a sync without a wait reads nothing and judges nothing", async () => {
    const { emu, f } = suite;
    const { outs } = await suite.create({ connectorId: f.connectorsA[2] });
    assert.equal(emu.log.count({ route: "getConnector" }), 0);
    assert.equal(outs.recorded.connectorHealthy, undefined);
    assert.deepEqual(suite.warnings, []);
  });

  it("a refresh judges staleness on the provider's clock, and warns once per resource and deployment", async () => {
    const { emu, f } = suite;
    const { id, outs } = await suite.create({ connectorId: f.connectorsA[1], staleAfterDays: 10 });
    const last = Date.parse(emu.connector(f.tenantA, f.connectorsA[1])!.lastSyncDateTime);
    const at = (days: number) => {
      suite.warnings = [];
      const warn = async (message: string) => void suite.warnings.push(message);
      resetContext({ clock: virtualClock(last + days * 86_400_000), warn });
    };
    await suite.run(async () => {
      at(9);
      assert.equal((await provider.read(id, outs)).props?.recorded.connectorHealthy, true);
      at(11);
      assert.equal((await provider.read(id, outs)).props?.recorded.connectorHealthy, false);
      assert.equal((await provider.read(id, outs)).props?.recorded.connectorHealthy, false);
      assert.equal(suite.warnings.length, 1, "one warning for two reads in one deployment");
      assert.match(suite.warnings[0], /it last synced more than 10 days ago \(staleAfterDays\)/);
      at(11);
      await provider.read(id, outs);
      assert.equal(suite.warnings.length, 1, "and one again in the next deployment");
    });
  });
});
