import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError } from "../../provider";
import { type Env, integrationSuite } from "./fixture";

// Each pipeline's way to authenticate, with no client secret anywhere.
describe("credentials a pipeline brings, against the emulator", () => {
  const suite = integrationSuite();
  /** The emulator's endpoints and the writer app's id, without its secret. */
  const noSecret = (): Env => ({ ...suite.env, AZURE_CLIENT_SECRET: undefined });
  const syncWith = (env: Env, news: Record<string, unknown> = {}) =>
    suite.create({ connectorId: suite.f.connectorsA[0], triggers: [Math.random()], ...news }, env);

  it("a client certificate (AZURE_CLIENT_CERTIFICATE_PATH)", async () => {
    const { emu, f } = suite;
    const certificate = emu.issueCertificate(f.writer.clientId);
    const { outs } = await syncWith({ ...noSecret(), AZURE_CLIENT_CERTIFICATE_PATH: certificate });
    assert.equal(outs.recorded.syncCount, 1);
    const [token] = emu.log.entries({ route: "token" });
    assert.equal(token.body.client_assertion, "[redacted]");
    assert.equal(token.body.client_secret, undefined);
  });

  it("GitHub Actions OIDC: the runner's ID token for api://AzureADTokenExchange, exchanged by Entra ID", async () => {
    const { emu } = suite;
    const { outs } = await syncWith({
      ...noSecret(),
      ACTIONS_ID_TOKEN_REQUEST_URL: emu.ci.githubRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.config.ci.githubRequestToken,
    });
    assert.equal(outs.recorded.syncCount, 1);
    const [idToken] = emu.log.entries({ route: "ci-oidc" });
    assert.equal(new URL(idToken.path, emu.url).pathname, "/_github/idtoken");
    assert.equal(idToken.status, 200);
    assert.equal(idToken.headers.authorization, "[redacted]");
    assert.equal(emu.log.count({ route: "token", status: 200 }), 1);
  });

  it("Azure Pipelines OIDC: the service connection's token, exchanged by Entra ID", async () => {
    const { emu } = suite;
    const { outs } = await syncWith({
      ...noSecret(),
      SYSTEM_OIDCREQUESTURI: emu.ci.azurePipelinesRequestUri,
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "platform-connection",
      SYSTEM_ACCESSTOKEN: emu.config.ci.azurePipelinesAccessToken,
    });
    assert.equal(outs.recorded.syncCount, 1);
    // @azure/identity may ask for the assertion more than once per token; each ask must succeed.
    const asks = emu.log.entries({ route: "ci-oidc" });
    assert.ok(
      asks.length > 0 && asks.every((e) => e.status === 200 && e.headers.authorization === "[redacted]"),
    );
    assert.equal(emu.log.count({ route: "token", status: 200 }), 1);
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 1);
  });

  it("401: a fresh token for another cloud's Graph is refused, not retried, and the hint names tenant, client and cloud", async () => {
    const error = await suite.createFailure({
      connectorId: suite.f.connectorsA[0],
      triggers: [Math.random()],
      cloud: "usGovernment",
    });
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.status, 401);
    assert.equal(error.code, "GraphError");
    assert.equal(error.graphCode, "InvalidAuthenticationToken");
    assert.equal(error.refusedToken, "fresh");
    assert.match(error.hint!, /^Graph refused a token fresh from Entra ID/);
    assert.match(error.hint!, /the client id and the cloud belong together/);
    assert.equal(suite.emu.log.count({ route: "sync", status: 401 }), 1, "a fresh token refused is final");
    assert.equal(suite.emu.log.count({ route: "token" }), 1);
  });
});

// The request URLs come from the pipeline's environment; a token for them is a bearer secret.
describe("a pipeline's OIDC request URL", () => {
  const suite = integrationSuite();
  const noSecret = (): Env => ({ ...suite.env, AZURE_CLIENT_SECRET: undefined });
  const refused = async (env: Env, variable: string, url: string) => {
    const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0] }, env);
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "InvalidEndpoint");
    assert.ok(error.message.startsWith(`${variable} is '${url}': a token is never sent over plain http`));
    assert.equal(suite.emu.log.count(), 0, "nothing was asked of anyone");
  };

  it("is refused over plain http off loopback, for GitHub, before the credential is built", async () => {
    const url = "http://127.0.0.1.evil.com/_github/idtoken";
    const env = { ...noSecret(), ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "rt" };
    await refused(env, "ACTIONS_ID_TOKEN_REQUEST_URL", url);
  });

  it("is refused over plain http off loopback, for Azure Pipelines, before the credential is built", async () => {
    const url = "http://127.evil.com:8080/oidctoken";
    const env = {
      ...noSecret(),
      SYSTEM_OIDCREQUESTURI: url,
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "platform-connection",
      SYSTEM_ACCESSTOKEN: "pipeline-access-token",
    };
    await refused(env, "SYSTEM_OIDCREQUESTURI", url);
  });
});
