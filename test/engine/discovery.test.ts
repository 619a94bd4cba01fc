import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getExchangeConnectorsOutput } from "../../provider";
import { engineSuite } from "./suite";

describe("getExchangeConnectorsOutput in a program under the Pulumi engine", () => {
  const suite = engineSuite();

  it("lists a tenant's connectors with the program's stack config, in preview as in up", async () => {
    const { emu, f } = suite;
    // No environment for the program: an inline program runs in this process, so its settings can
    // only come from the stack's `connectorSync:*` config.
    const engine = await suite.stack(async () => {
      const connectors = getExchangeConnectorsOutput({ tenantId: f.tenantB });
      return { listed: connectors.apply((all) => all.map(({ id, status }) => `${id} ${status}`)) };
    }, {});
    const settings = {
      clientId: f.writer.clientId,
      authorityHost: emu.authorityHost,
      graphEndpoint: emu.graphEndpoint,
      caCertificatePath: emu.caCertPath,
    };
    for (const [name, value] of Object.entries(settings)) {
      await engine.stack.setConfig(`connectorSync:${name}`, { value });
    }
    await engine.stack.setConfig("connectorSync:clientSecret", { value: f.writer.secret, secret: true });
    const requests = () =>
      emu.log
        .entries()
        .filter((e) => e.route === "token" || e.route === "listConnectors")
        .map((e) => `${e.route} ${e.tenantId} ${e.status}`);

    emu.log.clear();
    const up = await engine.up();
    const expected = emu.config.tenants[1].connectors.map((c) => `${c.id} ${c.status}`);
    assert.deepEqual(up.result.outputs.listed.value, expected);
    assert.deepEqual(requests().sort(), [`listConnectors ${f.tenantB} 200`, `token ${f.tenantB} 200`]);

    // The program runs again for a preview, and lists again; this process still holds the token.
    emu.log.clear();
    await engine.preview();
    assert.deepEqual(requests(), [`listConnectors ${f.tenantB} 200`]);
    assert.ok(!engine.stateFiles().includes(f.writer.secret), "the secret is stored encrypted");
  });
});
