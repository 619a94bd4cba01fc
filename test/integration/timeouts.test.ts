import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { createServer, type Socket } from "node:net";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { type Env, integrationSuite } from "./fixture";

// A token request is bounded by connectorSync:requestTimeoutSeconds, every request it makes included:
// an Entra ID, or a pipeline's OIDC service, that takes the connection and never answers fails the
// request in time, and says which one did not answer.
describe("a token request that gets no answer", () => {
  const suite = integrationSuite();
  const config: Record<string, string> = { "connectorSync:requestTimeoutSeconds": "1" };
  const get = (key: string) => config[key];

  async function failure(env: Env = suite.env) {
    const started = Date.now();
    const error = await suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      return suite.createFailure({ connectorId: suite.f.connectorsA[0] });
    }, env);
    return { error, seconds: (Date.now() - started) / 1000 };
  }
  const timedOut = (error: unknown, waitedFor: RegExp) => {
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "Timeout", error.message);
    assert.equal(error.setting, "connectorSync:requestTimeoutSeconds");
    assert.match(error.summary, waitedFor);
  };

  it("from Entra ID, times out after requestTimeoutSeconds, and no sync is sent", async () => {
    suite.emu.faults.add({ route: "token", responses: [{ delayMs: 600_000 }] });
    const { error, seconds } = await failure();
    timedOut(
      error,
      /^Could not get a Graph token \(clientSecret for tenant .*\): no answer from Entra ID at https:\/\/127\.0\.0\.1:\d+ within 1 s$/,
    );
    assert.ok(seconds < 10, `${seconds} s`);
    assert.equal(suite.emu.log.count({ route: "sync" }), 0);
  });

  it("from Entra ID, times out as one for every resource that shares the token request", async () => {
    suite.emu.faults.add({ route: "token", responses: [{ delayMs: 600_000 }] });
    const [first, second] = await suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      const create = (connectorId: string) => suite.createFailure({ connectorId });
      return Promise.all([create(suite.f.connectorsA[0]), create(suite.f.connectorsA[1])]);
    });
    for (const error of [first, second]) timedOut(error, /no answer from Entra ID at .* within 1 s$/);
  });

  it("from the Azure Pipelines OIDC service, times out too, naming it", async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { error, seconds } = await failure({
        ...suite.env,
        AZURE_CLIENT_SECRET: undefined,
        // It takes the TCP connection and never answers the TLS handshake.
        SYSTEM_OIDCREQUESTURI: `https://127.0.0.1:${(silent.address() as AddressInfo).port}/oidc`,
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "platform-connection",
        SYSTEM_ACCESSTOKEN: suite.emu.config.ci.azurePipelinesAccessToken,
      });
      timedOut(
        error,
        /no answer from the pipeline's OIDC service \(SYSTEM_OIDCREQUESTURI\) or Entra ID .* within 1 s$/,
      );
      assert.ok(seconds < 10, `${seconds} s`);
      assert.ok(held.length > 0, "the request reached the silent service");
      assert.equal(suite.emu.log.count({ route: "token" }), 0);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
