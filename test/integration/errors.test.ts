import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { emulatorEnv, fixtures, quickEmulator, withEnv } from "../../support/emulator";

/** Everything an error could show: its message and every field. */
const shown = (error: unknown) => `${(error as Error).message}\n${JSON.stringify(error)}`;

describe("errors from Graph and Entra ID", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  const seen: string[] = [];

  async function failure(news: Record<string, unknown>, env: Record<string, string | undefined>) {
    const error = await withEnv(env, async () => {
      const { inputs } = await provider.check({}, news);
      return provider.create(inputs).then(
        () => assert.fail("the create should have failed"),
        (e: unknown) => e,
      );
    });
    assert.ok(error instanceof ConnectorSyncError, String(error));
    seen.push(shown(error));
    return error;
  }

  before(async () => {
    emu = await quickEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("404 names the connector and tenant, and lists the tenant's connectors", async () => {
    const error = await failure({ connectorId: "typo" }, emulatorEnv(emu));
    assert.equal(error.status, 404);
    assert.equal(error.connectorId, "typo");
    assert.match(error.message, new RegExp(`its connectors are: ${f.connectorsA.join(", ")}\\.`));
    assert.match(error.message, /request-id [0-9a-f-]{36}, client-request-id [0-9a-f-]{36}, date /);
  });

  it("403 names the permission and the roles the token had", async () => {
    const error = await failure({ connectorId: f.connectorsA[0] }, emulatorEnv(emu, f.reader));
    assert.equal(error.status, 403);
    assert.match(error.message, /application permission DeviceManagementServiceConfig\.ReadWrite\.All/);
    assert.match(error.message, /The token had roles: DeviceManagementServiceConfig\.Read\.All\./);
  });

  it("403 on v1.0 says that beta accepts application permissions", async () => {
    const error = await failure({ connectorId: f.connectorsA[0], apiVersion: "v1.0" }, emulatorEnv(emu));
    assert.equal(error.status, 403);
    assert.match(
      error.message,
      /On v1\.0 Graph may refuse application permissions .* set apiVersion to 'beta'/,
    );
  });

  it("a wrong secret fails with Entra ID's reason and never shows the secret", async () => {
    const env = { ...emulatorEnv(emu), AZURE_CLIENT_SECRET: "wrong-secret-value-123" };
    const error = await failure({ connectorId: f.connectorsA[0] }, env);
    assert.equal(error.code, "AuthenticationFailed");
    assert.match(error.message, /AADSTS7000215/);
    assert.ok(!shown(error).includes("wrong-secret-value-123"));
  });

  it("missing credentials are named before any request", async () => {
    emu.log.clear();
    const env = { ...emulatorEnv(emu), AZURE_CLIENT_ID: undefined, AZURE_CLIENT_SECRET: undefined };
    const error = await failure(
      { connectorId: f.connectorsA[0] },
      { ...env, CONNECTOR_SYNC_AUTH_METHOD: "clientSecret" },
    );
    assert.match(
      error.message,
      /missing connectorSync:clientId or AZURE_CLIENT_ID; connectorSync:clientSecret \(secret\) or AZURE_CLIENT_SECRET/,
    );
    assert.equal(emu.log.count(), 0);
  });

  it("a plain-http endpoint off loopback is refused before any token is asked", async () => {
    emu.log.clear();
    const env = { ...emulatorEnv(emu), CONNECTOR_SYNC_GRAPH_ENDPOINT: "http://graph.example.com" };
    const error = await failure({ connectorId: f.connectorsA[0] }, env);
    assert.equal(error.code, "InvalidEndpoint");
    assert.match(
      error.message,
      /connectorSync:graphEndpoint is 'http:\/\/graph\.example\.com': a token is never sent over plain http/,
    );
    assert.equal(emu.log.count(), 0);
  });

  it("no error shows a token, a secret or an Authorization header", () => {
    assert.ok(seen.length >= 5);
    for (const text of seen) {
      assert.doesNotMatch(text, /eyJ[\w-]{10,}\./);
      assert.doesNotMatch(text, /authorization:|bearer /i);
      assert.ok(!text.includes(f.writer.secret) && !text.includes(f.reader.secret));
    }
  });
});
