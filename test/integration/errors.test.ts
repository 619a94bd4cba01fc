import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { resetContext } from "../../provider/context";
import { emulatorEnv } from "../../support/emulator";
import { type Env, integrationSuite } from "./fixture";

describe("errors from Graph and Entra ID", () => {
  const suite = integrationSuite();

  /** The error a create fails with, after checking that nothing it shows is a secret. */
  async function failure(news: Record<string, unknown>, env: Env = suite.env) {
    const error = await suite.createFailure(news, env);
    assert.ok(error instanceof ConnectorSyncError, String(error));
    // Everything the error could show: its message and every field.
    const shown = `${error.message}\n${JSON.stringify(error)}`;
    assert.doesNotMatch(shown, /eyJ[\w-]{10,}\./, "no token");
    assert.doesNotMatch(shown, /authorization:|bearer /i, "no Authorization header");
    for (const secret of [suite.f.writer.secret, suite.f.reader.secret, env.AZURE_CLIENT_SECRET]) {
      if (secret) assert.ok(!shown.includes(secret), "no client secret");
    }
    return error;
  }

  it("404 names the connector and tenant, and lists the tenant's connectors", async () => {
    const error = await failure({ connectorId: "typo" });
    assert.equal(error.status, 404);
    assert.equal(error.connectorId, "typo");
    assert.deepEqual(error.connectorIds, suite.f.connectorsA);
    assert.match(error.message, new RegExp(`its connectors are: ${suite.f.connectorsA.join(", ")}\\.`));
    assert.match(error.message, /request-id [0-9a-f-]{36}, client-request-id [0-9a-f-]{36}, date /);
  });

  it("403 names the permission and the roles the token had", async () => {
    const { emu, f } = suite;
    const error = await failure({ connectorId: f.connectorsA[0] }, emulatorEnv(emu, f.reader));
    assert.equal(error.status, 403);
    assert.deepEqual(error.roles, ["DeviceManagementServiceConfig.Read.All"]);
    assert.match(error.message, /application permission DeviceManagementServiceConfig\.ReadWrite\.All/);
    assert.match(error.message, /The token had roles: DeviceManagementServiceConfig\.Read\.All\./);
  });

  it("403 on v1.0 says that beta accepts application permissions", async () => {
    const error = await failure({ connectorId: suite.f.connectorsA[0], apiVersion: "v1.0" });
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /On v1\.0 Graph may refuse application permissions .* set apiVersion to 'beta'/,
    );
  });

  it("a wrong secret fails with Entra ID's reason and never shows the secret", async () => {
    const env = { ...suite.env, AZURE_CLIENT_SECRET: "wrong-secret-value-123" };
    const error = await failure({ connectorId: suite.f.connectorsA[0] }, env);
    assert.equal(error.code, "AuthenticationFailed");
    assert.match(error.message, /AADSTS7000215/);
    // Entra ID's sentence alone, and its ids under Entra ID's names: what its support asks for.
    const [token] = suite.emu.log.entries({ route: "token" });
    assert.ok(
      error.summary.endsWith(
        `: AADSTS7000215: Invalid client secret provided for app '${suite.f.writer.clientId}'.`,
      ),
      error.summary,
    );
    assert.equal(error.requestId, token.requestId, "Entra ID's trace id is its request id");
    assert.match(error.clientRequestId!, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    assert.match(error.date!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.ok(
      error.message.endsWith(
        `(AuthenticationFailed, trace-id ${token.requestId}, correlation-id ${error.clientRequestId}, timestamp ${error.date})`,
      ),
      error.message,
    );
    assert.doesNotMatch(error.message, /Trace ID:|Correlation ID:|invalid_client: Error\(s\)/);
  });

  it("missing credentials are named before any request", async () => {
    const env = {
      ...suite.env,
      AZURE_CLIENT_ID: undefined,
      AZURE_CLIENT_SECRET: undefined,
      CONNECTOR_SYNC_AUTH_METHOD: "clientSecret",
    };
    const error = await failure({ connectorId: suite.f.connectorsA[0] }, env);
    assert.equal(error.code, "AuthenticationFailed");
    assert.match(
      error.message,
      /missing connectorSync:clientId or AZURE_CLIENT_ID; connectorSync:clientSecret \(secret\) or AZURE_CLIENT_SECRET/,
    );
    assert.equal(suite.emu.log.count(), 0);
  });

  it("a plain-http endpoint off loopback is refused before any token is asked", async () => {
    const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: "http://graph.example.com" };
    const error = await failure({ connectorId: suite.f.connectorsA[0] }, env);
    assert.equal(error.code, "InvalidEndpoint");
    assert.match(
      error.message,
      /CONNECTOR_SYNC_GRAPH_ENDPOINT is 'http:\/\/graph\.example\.com': a token is never sent over plain http/,
    );
    assert.equal(suite.emu.log.count(), 0);
  });

  for (const [variable, value] of [
    ["AZURE_TENANT_ID", "evil.com/.."],
    ["AZURE_TENANT_ID", "contoso tenant"],
    ["connectorSync:requestTimeoutSeconds", "2147484"],
    ["connectorSync:maxConcurrentRequests", "1.5"],
    ["connectorSync:maxConcurrentRequests", "0"],
    ["CONNECTOR_SYNC_CA_CERT", "/nonexistent/ca.pem"],
  ]) {
    it(`${variable}=${value} fails configure and check with a ConnectorSyncError naming it, before any call`, async () => {
      const config = variable.startsWith("connectorSync:") ? { [variable]: value } : {};
      const env = config[variable] ? suite.env : { ...suite.env, [variable]: value };
      const get = (key: string) => config[key];
      const named = (error: unknown) => {
        assert.ok(error instanceof ConnectorSyncError, String(error));
        assert.equal(error.code, "InvalidSetting");
        assert.equal(error.setting, variable);
        assert.ok(error.message.startsWith(`${variable} is '${value}': it must be `), error.message);
        return true;
      };
      await suite.run(async () => {
        await assert.rejects(provider.configure({ config: { get, require: get } }), named);
        if (!variable.startsWith("connectorSync:")) {
          // Driven directly, with no configure: check reads the environment, and refuses the same way.
          resetContext({ clock: suite.clock });
          await assert.rejects(provider.check({}, { connectorId: suite.f.connectorsA[0] }), named);
        }
      }, env);
      assert.equal(suite.emu.log.count(), 0);
    });
  }
});
