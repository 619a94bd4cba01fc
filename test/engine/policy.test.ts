import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { changes } from "../../support/engine";
import { engineSuite } from "./suite";

describe('onFailure: "warn" under the Pulumi engine', () => {
  const suite = engineSuite();

  it("a sync that fails after its retries warns once, stays pending, and only it is tried again", async () => {
    const { emu, f } = suite;
    const [ok1, failing, ok2] = f.connectorsA;
    const engine = await suite.stack(async () => {
      for (const connectorId of f.connectorsA)
        new ConnectorSync(connectorId, { connectorId, onFailure: "warn" });
    });
    // Two 503s: a Retry-After of 1 s, then one that reaches past the deadline, so the second attempt is the last.
    await engine.stack.setConfig("connectorSync:retryDeadlineSeconds", { value: "5" });
    emu.faults.add({
      route: "sync",
      connectorId: failing,
      responses: [
        { status: 503, retryAfter: 1 },
        { status: 503, retryAfter: 60 },
      ],
    });
    emu.log.clear();
    const first = await engine.up();
    assert.equal(first.result.summary.result, "succeeded");
    const statuses = (connectorId: string) =>
      emu.log.entries({ route: "sync", connectorId }).map((e) => e.status);
    assert.deepEqual([ok1, failing, ok2].map(statuses), [[204], [503, 503], [204]]);
    const last = emu.log.entries({ route: "sync", connectorId: failing })[1];

    assert.equal(first.warnings.length, 1, first.warnings.join("\n"));
    const [warning] = first.warnings;
    for (const said of [`connector '${failing}'`, f.tenantA, "status 503", last.requestId]) {
      assert.ok(warning.includes(said), `the warning names ${said}:\n${warning}`);
    }
    assert.ok(warning.includes(`client-request-id ${last.headers["client-request-id"]}`), warning);
    const byName = async () =>
      Object.fromEntries(
        (await engine.resources()).map((r: { urn: string; outputs: any }) => [
          r.urn.split("::").pop(),
          r.outputs.recorded,
        ]),
      );
    const recorded = (await byName())[failing];
    assert.equal(recorded.syncPending, true);
    assert.equal(recorded.syncCount, 0);
    assert.deepEqual(recorded.syncFailure, {
      code: "GraphError",
      status: 503,
      graphCode: "ServiceUnavailable",
      requestId: last.requestId,
      clientRequestId: last.headers["client-request-id"],
      date: recorded.syncFailure.date,
      operationId: recorded.syncFailure.operationId,
    });
    assert.match(recorded.syncFailure.operationId, /^[0-9a-f-]{36}$/, "Intune's Operation ID");
    assert.equal((await byName())[ok1].syncPending, false);

    // No change in the program: the pending sync alone is the change, and it is tried again.
    emu.log.clear();
    const second = await engine.up();
    assert.deepEqual(changes(second.steps), [`update ${failing}`]);
    assert.deepEqual([ok1, failing, ok2].map(statuses), [[], [204], []]);
    assert.deepEqual(second.warnings, []);
    const retried = (await byName())[failing];
    assert.equal(retried.syncPending, false);
    assert.equal(retried.syncCount, 1);
    assert.equal(retried.syncFailure, undefined);

    emu.log.clear();
    const third = await engine.up();
    assert.deepEqual(changes(third.steps), []);
    assert.equal(emu.log.count({ route: "sync" }), 0);
  });

  it('the default, "fail", fails the up and records nothing', async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    const engine = await suite.stack(async () => {
      new ConnectorSync("strict", { connectorId });
    });
    await engine.stack.setConfig("connectorSync:retryDeadlineSeconds", { value: "5" });
    emu.faults.add({ route: "sync", connectorId, responses: [{ status: 503, retryAfter: 60 }] });
    emu.log.clear();
    await assert.rejects(engine.up(), /Graph answered 503 for connector/);
    assert.equal(emu.log.count({ route: "sync", connectorId }), 1);
    assert.deepEqual(await engine.resources(), []);
  });
});
