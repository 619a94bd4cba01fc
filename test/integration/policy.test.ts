import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { integrationSuite } from "./fixture";

describe('onFailure: "warn" against the emulator', () => {
  const suite = integrationSuite();
  // Graph asks 400 s each time; waits are capped at 320 s, so the third attempt (at 640 s) is the last
  // that the 900 s deadline lets start.
  const outlasting = { status: 503, retryAfter: 400 };

  it("records a sync that still fails after its retries as pending, warns, and the next update retries it", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    emu.faults.add({ route: "sync", connectorId, responses: [outlasting, outlasting, outlasting] });
    const { id, inputs, outs } = await suite.create({ connectorId, onFailure: "warn" });
    const attempts = emu.log.entries({ route: "sync" });
    assert.deepEqual(
      attempts.map((e) => e.status),
      [503, 503, 503],
    );
    assert.deepEqual(suite.clock.waits, [320_000, 320_000]);
    const last = attempts[2];
    assert.equal(outs.recorded.syncPending, true);
    assert.equal(outs.recorded.syncCount, 0);
    assert.equal(outs.recorded.lastRequestId, undefined);
    assert.deepEqual(outs.recorded.syncFailure, {
      code: "GraphError",
      status: 503,
      graphCode: "ServiceUnavailable",
      requestId: last.requestId,
      clientRequestId: last.headers["client-request-id"],
      date: outs.recorded.syncFailure?.date,
      // Intune's, from the envelope Graph forwarded: what Intune support asks for.
      operationId: outs.recorded.syncFailure?.operationId,
    });
    assert.match(
      outs.recorded.syncFailure!.operationId!,
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.equal(suite.warnings.length, 1);
    assert.match(suite.warnings[0], new RegExp(`connector '${connectorId}' in tenant ${f.tenantA} failed`));
    assert.match(suite.warnings[0], new RegExp(`status 503 .*request-id ${last.requestId}`));

    emu.log.clear();
    await suite.run(async () => {
      // The same inputs: the pending sync alone is the change, and an update tries it once.
      assert.equal((await provider.diff(id, outs, inputs)).changes, true);
      const retried = (await provider.update(id, outs, inputs)).outs;
      assert.equal(emu.log.count({ route: "sync", status: 204 }), 1);
      assert.equal(retried.recorded.syncPending, false);
      assert.equal(retried.recorded.syncCount, 1);
      assert.equal(retried.recorded.syncFailure, undefined);
      assert.equal((await provider.diff(id, retried, inputs)).changes, false);
    });
    assert.equal(suite.warnings.length, 1);
  });

  it("still fails on what the deployment must fix: a credential Entra ID refuses", async () => {
    const { emu, f } = suite;
    const env = { ...suite.env, AZURE_CLIENT_SECRET: "not-the-secret" };
    const error = await suite.createFailure({ connectorId: f.connectorsA[0], onFailure: "warn" }, env);
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.code, "AuthenticationFailed");
    assert.equal(emu.log.count({ route: "sync" }), 0);
    assert.deepEqual(suite.warnings, []);
  });
});

describe('onFailure: "warn" and a wait that times out', () => {
  const suite = integrationSuite({ syncCompletionMs: 24 * 3600 * 1000 });

  it("keeps the sync counted, marks the connector unhealthy, and warns of both", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    const waitForCompletion = { timeoutSeconds: 10, pollIntervalSeconds: 5 };
    const { outs } = await suite.create({ connectorId, waitForCompletion, onFailure: "warn" });
    assert.equal(emu.log.count({ route: "sync" }), 1);
    // One read before the sync, and polls at 0, 5 and 10 s.
    assert.equal(emu.log.count({ route: "getConnector" }), 4);
    assert.equal(outs.recorded.syncCount, 1);
    assert.equal(outs.recorded.syncPending, false);
    assert.equal(outs.recorded.connectorHealthy, false);
    assert.equal(suite.warnings.length, 2);
    assert.match(suite.warnings[0], /lastSyncDateTime did not move in the 10 s the wait lasted/);
    assert.match(suite.warnings[1], /was requested and recorded, but waiting for it failed/);
    assert.match(suite.warnings[1], /had not completed after 10 s/);
  });
});
