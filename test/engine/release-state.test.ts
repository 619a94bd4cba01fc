import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { providerModule } from "../../provider/shim";
import { changes } from "../../support/engine";
import { repoRoot } from "../../support/shell";
import { releaseProgram } from "./release-program";
import { engineSuite } from "./suite";

// A state that release 0.1.0 wrote, kept as it was exported: the code of today must take it as it is.
// Issue 19 moves ConnectorSync onto a shared core; this is the proof that no state notices.
const fixture = JSON.parse(readFileSync(join(repoRoot, "test/fixtures/release-0.1.0.json"), "utf8"));

describe("a state written by release 0.1.0, under today's code", () => {
  const suite = engineSuite();

  it("holds the __provider line that every state requires", () => {
    const resources = fixture.deployment.resources.filter((r: { type: string }) =>
      r.type.includes("ConnectorSync"),
    );
    assert.equal(resources.length, 3);
    for (const r of resources) assert.equal(r.inputs.__provider, providerModule);
  });

  it("previews and updates with no diff and no call, refreshes with reads alone, and syncs a changed trigger once", async () => {
    const { emu, f } = suite;
    let policyVersion = 3;
    let staleAfterDays = 3650;
    const engine = await suite.stack(() => releaseProgram(f, policyVersion, staleAfterDays)());
    await engine.stack.importStack(fixture);
    emu.log.clear();

    const preview = await engine.preview();
    assert.deepEqual(changes(preview.steps), []);
    const up = await engine.up();
    assert.deepEqual(changes(up.steps), []);
    assert.equal(emu.log.count(), 0, "no Graph call and no token request");

    const refresh = await engine.refresh();
    assert.equal(refresh.result.summary.result, "succeeded");
    assert.equal(emu.log.count({ route: "sync" }), 0, "a refresh only reads");
    const [before] = (await engine.resources()).filter((r: { urn: string }) => r.urn.endsWith("::plain"));
    assert.equal(before.outputs.recorded.syncCount, 1, "the record is kept");
    emu.log.clear();
    assert.deepEqual(changes((await engine.preview()).steps), [], "a refresh leaves nothing to change");
    assert.equal(emu.log.count(), 0);

    // A setting changes (staleAfterDays): an update, with no Graph call and no token request.
    staleAfterDays = 365;
    const setting = await engine.up();
    assert.deepEqual(changes(setting.steps), ["update waited"]);
    assert.equal(emu.log.count(), 0);

    // The program changes one trigger: one sync, of that connector alone, with its wait.
    policyVersion = 4;
    const resync = await engine.up();
    assert.deepEqual(changes(resync.steps), ["update waited"]);
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => e.connectorId),
      [f.connectorsA[1]],
    );
  });
});
