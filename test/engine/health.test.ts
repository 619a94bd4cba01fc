import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { supportNotice } from "../../provider/actions/exchange-connector";
import { engineSuite } from "./suite";

describe("connector health under the Pulumi engine", () => {
  const suite = engineSuite();

  it("a disconnected connector: connectorHealthy false and one warning; a connected one: true and none", async () => {
    const { emu, f } = suite;
    const [connected, , disconnected] = f.connectorsA;
    assert.equal(emu.connector(f.tenantA, disconnected)?.status, "disconnected");
    const waitForCompletion = { timeoutSeconds: 60, pollIntervalSeconds: 1 };
    const engine = await suite.stack(async () => {
      const healthy = new ConnectorSync("connected", { connectorId: connected, waitForCompletion });
      const unhealthy = new ConnectorSync("disconnected", { connectorId: disconnected, waitForCompletion });
      return { connected: healthy.connectorHealthy, disconnected: unhealthy.connectorHealthy };
    });
    emu.log.clear();
    const up = await engine.up();
    assert.equal(emu.log.count({ route: "sync", method: "POST" }), 2);
    // Each wait reads its connector before the sync and polls it once after.
    assert.equal(emu.log.count({ route: "getConnector" }), 4);
    assert.equal(up.result.outputs.connected.value, true);
    assert.equal(up.result.outputs.disconnected.value, false);
    assert.equal(up.warnings.length, 1, up.warnings.join("\n"));
    const [warning] = up.warnings;
    const { lastSyncDateTime } = emu.connector(f.tenantA, disconnected)!;
    for (const said of [
      `"${disconnected}"`,
      'its status is "disconnected"',
      `"${lastSyncDateTime}"`,
      supportNotice,
    ]) {
      assert.ok(warning.includes(said), `the warning names ${said}:\n${warning}`);
    }

    // A refresh reads each connector once, and warns again: it is another deployment.
    emu.log.clear();
    const refresh = await engine.refresh();
    assert.equal(emu.log.count({ route: "getConnector" }), 2);
    assert.equal(emu.log.count({ route: "sync" }), 0);
    assert.equal(refresh.warnings.length, 1);
    assert.ok(refresh.warnings[0].includes(`"${disconnected}"`));

    // Nothing changed: nothing read, nothing said.
    emu.log.clear();
    const quiet = await engine.up();
    assert.equal(emu.log.count(), 0);
    assert.deepEqual(quiet.warnings, []);
  });
});
