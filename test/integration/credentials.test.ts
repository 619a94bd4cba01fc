import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { emulatorEnv, fixtures, quickEmulator, withEnv } from "../support/emulator";

// Each pipeline's way to authenticate, with no client secret anywhere.
describe("credentials a pipeline brings, against the emulator", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  /** The emulator's endpoints and the writer app's id, without its secret. */
  const noSecret = () => {
    const { AZURE_CLIENT_SECRET: _, ...env } = emulatorEnv(emu);
    return env;
  };
  const syncWith = (env: Record<string, string | undefined>, news: Record<string, unknown> = {}) =>
    withEnv(env, async () => {
      const { inputs } = await provider.check(
        {},
        { connectorId: f.connectorsA[0], triggers: [Math.random()], ...news },
      );
      return provider.create(inputs);
    });

  before(async () => {
    emu = await quickEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("a client certificate (AZURE_CLIENT_CERTIFICATE_PATH)", async () => {
    emu.log.clear();
    const certificate = emu.issueCertificate(f.writer.clientId);
    const { outs } = await syncWith({ ...noSecret(), AZURE_CLIENT_CERTIFICATE_PATH: certificate });
    assert.equal(outs.syncCount, 1);
    const [token] = emu.log.entries({ route: "token" });
    assert.equal(token.body.client_assertion, "[redacted]");
    assert.equal(token.body.client_secret, undefined);
  });

  it("GitHub Actions OIDC: the runner's ID token for api://AzureADTokenExchange, exchanged by Entra ID", async () => {
    emu.log.clear();
    const { outs } = await syncWith({
      ...noSecret(),
      ACTIONS_ID_TOKEN_REQUEST_URL: emu.ci.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.config.ci.githubRequestToken,
    });
    assert.equal(outs.syncCount, 1);
    const [idToken] = emu.log.entries({ route: "ci-oidc" });
    assert.equal(new URL(idToken.path, emu.url).pathname, "/_github/idtoken");
    assert.equal(idToken.status, 200);
    assert.equal(idToken.headers.authorization, "[redacted]");
    assert.equal(emu.log.count({ route: "token", status: 200 }), 1);
  });

  it("Azure Pipelines OIDC: the service connection's token, exchanged by Entra ID", async () => {
    emu.log.clear();
    const { outs } = await syncWith({
      ...noSecret(),
      SYSTEM_OIDCREQUESTURI: emu.ci.azurePipelinesRequestUri,
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "platform-connection",
      SYSTEM_ACCESSTOKEN: emu.config.ci.azurePipelinesAccessToken,
    });
    assert.equal(outs.syncCount, 1);
    // @azure/identity may ask for the assertion more than once per token; each ask must succeed.
    const asks = emu.log.entries({ route: "ci-oidc" });
    assert.ok(
      asks.length > 0 && asks.every((e) => e.status === 200 && e.headers.authorization === "[redacted]"),
    );
    assert.equal(emu.log.count({ route: "token", status: 200 }), 1);
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 1);
  });

  it("401: a token for another cloud's Graph is refused, and the hint names tenant, client and cloud", async () => {
    emu.log.clear();
    const error = await syncWith(emulatorEnv(emu), { cloud: "usGovernment" }).then(
      () => assert.fail("the sync should have been refused"),
      (e) => e,
    );
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.status, 401);
    assert.equal(error.code, "GraphError");
    assert.equal(error.graphCode, "InvalidAuthenticationToken");
    assert.match(error.message, /cloud/);
    assert.equal(emu.log.count({ route: "sync", status: 401 }), 1, "a 401 is not retried");
  });
});
