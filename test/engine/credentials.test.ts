import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { emulatorEnv } from "../../support/emulator";
import { engineSuite } from "./suite";

describe("credentials and tenants under the Pulumi engine", () => {
  const suite = engineSuite();

  it("12a. a secret from `pulumi config set --secret` works, and appears in no state, output or log", async () => {
    const { emu, f } = suite;
    const { AZURE_CLIENT_SECRET, AZURE_CLIENT_ID, AZURE_TENANT_ID, ...rest } = emulatorEnv(emu);
    const engine = await suite.stack(
      async () => new ConnectorSync("sync", { connectorId: f.connectorsA[0] }),
      rest,
    );
    await engine.stack.setAllConfig({
      "connectorSync:tenantId": { value: AZURE_TENANT_ID },
      "connectorSync:clientId": { value: AZURE_CLIENT_ID },
      "connectorSync:clientSecret": { value: AZURE_CLIENT_SECRET, secret: true },
    });
    await engine.up();
    await engine.refresh();
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 1);
    const state = engine.stateFiles();
    assert.ok(!state.includes(AZURE_CLIENT_SECRET), "the secret is not in the state");
    assert.ok(!engine.output.includes(AZURE_CLIENT_SECRET), "the secret is not in the CLI's output");
    assert.ok(!JSON.stringify(emu.log.entries()).includes(AZURE_CLIENT_SECRET), "nor in the emulator's log");
    assert.ok(!/eyJ[\w-]{10,}\.eyJ/.test(state + engine.output), "no token either");
  });

  it("12b. a federated token file (workload identity) works with no secret at all", async () => {
    const { emu, f } = suite;
    const tokenFile = join(mkdtempSync(join(tmpdir(), "federated-")), "token");
    const app = emu.config.apps.find((a) => a.appId === f.writer.clientId)!;
    const credential = app.federatedCredentials![0];
    await emu.oidc.writeTokenFile(tokenFile, { subject: credential.subject });
    const { AZURE_CLIENT_SECRET, ...env } = emulatorEnv(emu);
    const engine = await suite.stack(
      async () => new ConnectorSync("sync", { connectorId: f.connectorsA[1] }),
      {
        ...env,
        AZURE_FEDERATED_TOKEN_FILE: tokenFile,
      },
    );
    emu.log.clear();
    await engine.up();
    assert.equal(emu.log.count({ route: "sync", status: 204, connectorId: f.connectorsA[1] }), 1);
    const [token] = emu.log.entries({ route: "token" });
    assert.equal(token.body.client_assertion_type, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    assert.equal(token.body.client_secret, undefined);
  });

  it("14. several tenants in one stack through tenantId: one token request per tenant", async () => {
    const { emu, f } = suite;
    const program = async () => {
      const tenants = [
        [f.tenantA, f.connectorsA],
        [f.tenantB, f.connectorsB],
      ] as const;
      for (const [tenantId, connectorIds] of tenants) {
        for (const connectorId of connectorIds)
          new ConnectorSync(`${tenantId}-${connectorId}`, { connectorId, tenantId });
      }
    };
    const engine = await suite.stack(program);
    emu.log.clear();
    await engine.up();
    assert.equal(emu.log.count({ route: "sync", status: 204, tenantId: f.tenantA }), f.connectorsA.length);
    assert.equal(emu.log.count({ route: "sync", status: 204, tenantId: f.tenantB }), f.connectorsB.length);
    assert.equal(emu.log.count({ route: "token", tenantId: f.tenantA }), 1);
    assert.equal(emu.log.count({ route: "token", tenantId: f.tenantB }), 1);
  });
});
