import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { integrationSuite } from "./fixture";

// connectorSync:syncRate: the provider spaces a tenant's sync requests so that Intune's write limit
// (scaled down here to 4 per second) never answers 429. The pace runs on real time: the limiter
// library keeps its own clock.
describe("a tenant's sync rate", () => {
  const suite = integrationSuite();

  it("keeps a burst of syncs under the tenant's write limit, and says once that they wait", async () => {
    const { emu, f } = suite;
    emu.faults.limits({ windowSeconds: 1, perAppPerTenant: 4 });
    const env = { ...suite.env, CONNECTOR_SYNC_RATE: "3/1s" };
    const said = mock.method(console, "error", () => {});
    try {
      const connectors = [...f.connectorsA, ...f.connectorsA];
      await Promise.all(
        connectors.map((connectorId, i) => suite.create({ connectorId, triggers: [i] }, env)),
      );
    } finally {
      said.mock.restore();
    }
    assert.deepEqual(
      [emu.log.count({ route: "sync", status: 204 }), emu.log.count({ route: "sync", status: 429 })],
      [6, 0],
    );
    const lines = said.mock.calls.map((call) => String(call.arguments[0]));
    assert.deepEqual(
      lines.filter((line) => line.includes("wait for its sync rate (3/1s, connectorSync:syncRate)")).length,
      1,
      lines.join("\n"),
    );
  });
});
