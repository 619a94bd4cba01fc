import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { withEnv } from "../../support/emulator";
import { engineSuite } from "./suite";

describe("a misspelled connectorSync key under the Pulumi engine", () => {
  const suite = engineSuite();

  it("is warned of, with the key meant and the variable used instead, in a preview that calls nothing", async () => {
    const { emu, f } = suite;
    const engine = await suite.stack(async () => {
      new ConnectorSync("sync", { connectorId: f.connectorsA[0] });
    });
    await engine.stack.setConfig("connectorSync:tenantID", { value: f.tenantB });
    // The inline program runs in this process: the environment it reads is this one's.
    const { warnings } = await withEnv({ AZURE_TENANT_ID: f.tenantA }, () => engine.preview());
    const said = warnings.filter((w) => w.includes("connectorSync:tenantID"));
    assert.equal(said.length, 1, warnings.join("\n"));
    assert.match(
      said[0],
      /Did you mean 'connectorSync:tenantId'\? Until then AZURE_TENANT_ID from the environment is used/,
    );
    assert.ok(!said[0].includes(f.tenantB), "a key's value is never shown");
    assert.equal(emu.log.count(), 0);
  });

  it("a client secret set as plain text is warned of, with the command that sets it as a secret", async () => {
    const { f } = suite;
    const engine = await suite.stack(async () => {
      new ConnectorSync("plain-secret", { connectorId: f.connectorsA[0] });
    });
    await engine.stack.setConfig("connectorSync:clientSecret", { value: f.writer.secret });
    const { warnings } = await engine.up();
    const said = warnings.filter((w) => w.includes("connectorSync:clientSecret is plain text"));
    assert.equal(said.length, 1, warnings.join("\n"));
    assert.match(said[0], /pulumi config set --secret connectorSync:clientSecret/);
    assert.ok(!said[0].includes(f.writer.secret), "the warning never shows the secret");
    assert.ok(
      engine.stateFiles().includes(f.writer.secret),
      "as the warning says, the state holds it in clear",
    );
  });
});
