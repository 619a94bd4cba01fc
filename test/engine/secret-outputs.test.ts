import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { engineSuite } from "./suite";

/** How a secret value stands in an exported state. */
const secretSig = "4dabf18193072939515e22adb298388d";

describe("additionalSecretOutputs under the Pulumi engine", () => {
  const suite = engineSuite();

  it("takes an output's own name: that output reads as a secret, the record is one in the state", async () => {
    const { f } = suite;
    const engine = await suite.stack(async () => {
      const sync = new ConnectorSync(
        "secret-id",
        { connectorId: f.connectorsA[0] },
        { additionalSecretOutputs: ["lastRequestId"] },
      );
      return { requestId: sync.lastRequestId, syncCount: sync.syncCount };
    });
    const { result } = await engine.up();
    assert.equal(result.outputs.requestId.secret, true);
    assert.equal(typeof result.outputs.requestId.value, "string");
    assert.equal(result.outputs.syncCount.secret, false, "an output not named stays as it was");
    assert.equal(result.outputs.syncCount.value, 1);
    const [resource] = await engine.resources();
    assert.ok(secretSig in resource.outputs.recorded, "the record holding it is a secret in the state");
    assert.ok(!engine.stateFiles().includes(result.outputs.requestId.value as string));
  });
});
