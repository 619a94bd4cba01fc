import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, getExchangeConnectors } from "../../provider";
import { emulatorEnv } from "../../support/emulator";
import { integrationSuite } from "./fixture";

// Outside a Pulumi program there is no stack config: the settings come from the environment.
describe("getExchangeConnectors against the emulator", () => {
  const suite = integrationSuite();

  it("lists the default tenant's connectors with Graph's string fields, one token for two listings", async () => {
    const { emu, f } = suite;
    const [first, again] = await suite.run(async () => [
      await getExchangeConnectors(),
      await getExchangeConnectors({ tenantId: f.tenantA }),
    ]);
    assert.deepEqual(
      first.map((c) => c.id),
      f.connectorsA,
    );
    const { id, status, lastSyncDateTime, serverName, exchangeConnectorType } =
      emu.config.tenants[0].connectors[2];
    assert.deepEqual(
      { ...first[2] },
      { ...first[2], id, status, lastSyncDateTime, serverName, exchangeConnectorType },
    );
    assert.ok(!("@odata.context" in first[2]), "only the connector's own fields");
    assert.deepEqual(again, first);
    assert.equal(emu.log.count({ route: "listConnectors" }), 2);
    assert.equal(emu.log.count({ route: "token" }), 1);
  });

  it("refuses a bad argument by name, value and what is allowed, before any call", async () => {
    const { emu } = suite;
    const refusal = (args: Record<string, unknown>) =>
      suite.run(() =>
        getExchangeConnectors(args as never).then(
          () => assert.fail("should be refused"),
          (error: unknown) => {
            assert.ok(error instanceof ConnectorSyncError);
            assert.equal(error.code, "InvalidArgument");
            return error.message;
          },
        ),
      );
    assert.match(
      await refusal({ cloud: "AzureChinaCloud" }),
      /cloud is "AzureChinaCloud": .*Did you mean 'china'/,
    );
    assert.match(
      await refusal({ tenantId: "not a tenant" }),
      /^getExchangeConnectors: tenantId is "not a tenant"/,
    );
    assert.match(
      await refusal({ connectorId: "x" }),
      /'connectorId' is not an argument; the arguments are tenantId, cloud, apiVersion/,
    );
    assert.equal(emu.log.count(), 0);
  });

  it("fails as the resource does: a tenant the app is not in is refused by Entra ID, with no secret shown", async () => {
    const { emu, f } = suite;
    const error = await suite.run(
      () => getExchangeConnectors({ tenantId: f.tenantB }).catch((e: unknown) => e),
      emulatorEnv(emu, f.reader),
    );
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "AuthenticationFailed");
    assert.ok(!error.message.includes(f.reader.secret));
    assert.equal(emu.log.count({ route: "listConnectors" }), 0);
  });
});
