import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { integrationSuite } from "./fixture";

// A token the provider cached may be refused mid-deployment (revoked, or expired early): it asks
// Entra ID once for a fresh one, past @azure/identity's own cache, and tries once more.
describe("a 401 on a cached token", () => {
  const suite = integrationSuite();
  // The tenant's sync rate would space these syncs out, so that one refused token would meet one sync at a
  // time; this suite is about tokens, so it lifts the rate.
  const sync = (connectorId: string) =>
    suite.create(
      { connectorId, triggers: [Math.random()] },
      { ...suite.env, CONNECTOR_SYNC_RATE: "1000/1s" },
    );
  const statuses = (route: "sync" | "token") => suite.emu.log.entries({ route }).map((e) => e.status);

  it("gets one fresh token from Entra ID and one retry, at once", async () => {
    const { emu, f } = suite;
    assert.equal((await sync(f.connectorsA[0])).outs.recorded.syncCount, 1);
    emu.revokeTokens();
    const said = mock.method(console, "error", () => {});
    try {
      const { outs } = await sync(f.connectorsA[1]);
      assert.equal(outs.recorded.syncCount, 1);
      assert.equal(outs.recorded.lastRequestId, emu.log.entries({ route: "sync" })[2].requestId);
    } finally {
      said.mock.restore();
    }
    assert.deepEqual(statuses("token"), [200, 200], "the second token request reached Entra ID");
    assert.deepEqual(statuses("sync"), [204, 401, 204]);
    assert.deepEqual(suite.clock.waits, [], "no wait before the retry");
    assert.deepEqual(
      said.mock.calls.map((call) => call.arguments[0]),
      [
        `ConnectorSync: Graph answered 401 to a cached token for connector ${f.connectorsA[1]} in tenant ${f.tenantA}; retrying at once with a fresh token (attempt 2).`,
      ],
    );
  });

  it("three resources refused the same token share one fresh token", async () => {
    const { emu, f } = suite;
    await sync(f.connectorsA[0]);
    emu.revokeTokens();
    const outs = await Promise.all(f.connectorsA.map(async (id) => (await sync(id)).outs));
    assert.deepEqual(
      outs.map((o) => o.recorded.syncCount),
      [1, 1, 1],
    );
    assert.deepEqual(statuses("token"), [200, 200]);
    assert.deepEqual(statuses("sync").sort(), [204, 204, 204, 204, 401, 401, 401]);
  });

  it("a fresh token refused too: exactly one retry, then the 401 with a hint that fits a revoked app", async () => {
    const { emu, f } = suite;
    await sync(f.connectorsA[0]);
    emu.faults.add({ route: "sync", responses: [{ status: 401 }, { status: 401 }, { status: 401 }] });
    const error = await suite.createFailure({ connectorId: f.connectorsA[1] });
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.deepEqual(statuses("token"), [200, 200]);
    assert.deepEqual(statuses("sync"), [204, 401, 401]);
    assert.equal(error.status, 401);
    assert.equal(error.attempts, 2);
    assert.equal(error.refusedToken, "renewed");
    assert.match(
      error.hint!,
      /^Graph refused the token cached earlier in this deployment, and then a fresh one from Entra ID too, so it is not a stale token\. If this app worked before, its secret, certificate or admin consent was revoked/,
    );
    assert.match(
      error.hint!,
      new RegExp(`the tenant \\(${f.tenantA}\\), the client id and the cloud belong together`),
    );
  });

  it("Entra ID refusing the fresh token is an AuthenticationFailed", async () => {
    const { emu, f } = suite;
    await sync(f.connectorsA[0]);
    emu.revokeTokens();
    emu.faults.add({ route: "token", responses: [{ status: 401 }] });
    const error = await suite.createFailure({ connectorId: f.connectorsA[1] });
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "AuthenticationFailed");
    assert.deepEqual(statuses("token"), [200, 401]);
    assert.deepEqual(statuses("sync"), [204, 401]);
  });

  it("with connectorSync:maxAttempts 1 there is no retry, and the hint says so", async () => {
    const { emu, f } = suite;
    const config: Record<string, string> = { "connectorSync:maxAttempts": "1" };
    const get = (key: string) => config[key];
    const error = await suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      await sync(f.connectorsA[0]);
      emu.revokeTokens();
      return suite.createFailure({ connectorId: f.connectorsA[1] });
    });
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.deepEqual(statuses("token"), [200]);
    assert.deepEqual(statuses("sync"), [204, 401]);
    assert.equal(error.refusedToken, "cached");
    assert.match(error.hint!, /connectorSync:maxAttempts left no attempt for a fresh one/);
  });
});
