import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { engineSuite } from "./suite";

describe("failures under the Pulumi engine", () => {
  const suite = engineSuite();
  const stackOf = (program: () => void) => suite.stack(async () => program());

  it("10. a missing connector fails up clearly and leaves the state; after the fix one sync", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    let id = "no-such-connector";
    const engine = await stackOf(() => new ConnectorSync("sync", { connectorId: id }));
    await assert.rejects(engine.up(), (error: Error) => {
      assert.match(error.message, /Graph answered 404 for connector 'no-such-connector' in tenant /);
      assert.match(error.message, new RegExp(`its connectors are: .*${connectorId}`));
      return true;
    });
    assert.deepEqual(await engine.resources(), []);
    id = connectorId;
    emu.log.clear();
    await engine.up();
    assert.equal(emu.log.count({ route: "sync", method: "POST" }), 1);
    assert.equal((await engine.resources()).length, 1);
  });

  it("11. throttling: two 429s with Retry-After: 1, then 204; up succeeds with one sync in effect", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    emu.faults.add({
      route: "sync",
      responses: [
        { status: 429, retryAfter: 1 },
        { status: 429, retryAfter: 1 },
      ],
    });
    const engine = await stackOf(() => new ConnectorSync("throttled", { connectorId, triggers: ["t"] }));
    emu.log.clear();
    const { result } = await engine.up();
    assert.equal(result.summary.result, "succeeded");
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => e.status),
      [429, 429, 204],
    );
    assert.equal((await engine.resources())[0].outputs.recorded.syncCount, 1);
    assert.match(engine.output, /Graph answered 429 for connector .*retrying in 1\.0 s/);
  });
});
