// README: Importing: not supported. Both ways of importing fail, clearly and before any call to Graph,
// with the words the README quotes; its alternative, `pulumi state move`, is run in programs.test.ts.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { importRefusal } from "../../provider/core/resource";
import { emulatorEnv } from "../../support/emulator";
import { EngineStack } from "../../support/engine";
import { copyPrograms, pulumiEnv, repoRoot, ShellSession } from "../../support/shell";
import { engineSuite } from "./suite";

const readme = readFileSync(join(repoRoot, "docs/resources/connector-sync.md"), "utf8");
const section = readme.slice(readme.indexOf("\n## Importing: not supported\n"));
/** The README's quotes in the section, one per pair of double quotes. */
const quoted = [...section.slice(0, section.indexOf("```")).matchAll(/"([^"]+)"/g)].map((m) => m[1]);

describe("importing a ConnectorSync", () => {
  const suite = engineSuite();
  const stacks: EngineStack[] = [];
  after(async () => {
    for (const engine of stacks) await engine.remove();
  });

  it("the import option fails the program with the README's reason, and nothing is registered or sent", async () => {
    const { emu, f } = suite;
    // A user's index.js, run by the language host: its failure stays in that process.
    const engine = await EngineStack.create(
      `const { ConnectorSync } = require("pulumi-intune-connector-sync");
new ConnectorSync("imported", { connectorId: "${f.connectorsA[0]}" }, { import: "${randomUUID()}" });
`,
      emulatorEnv(emu),
    );
    stacks.push(engine);
    emu.log.clear();
    await assert.rejects(engine.up(), (error: Error) => {
      assert.ok(error.message.includes(importRefusal("imported")), error.message);
      return true;
    });
    assert.deepEqual([await engine.resources(), emu.log.count()], [[], 0]);
    const [, option] = quoted;
    assert.ok(importRefusal("name").startsWith(option), `the README quotes "${option}"`);
  });

  it("pulumi import fails in the SDK's dynamic provider with the message the README quotes, and sends nothing", async () => {
    const { emu } = suite;
    const dir = mkdtempSync(join(tmpdir(), "connector-sync-import-"));
    try {
      const shell = new ShellSession(copyPrograms(dir), { ...pulumiEnv(dir), ...emulatorEnv(emu) });
      await shell.run("pulumi stack init dev");
      emu.log.clear();
      const command = `pulumi import --yes pulumi-nodejs:dynamic/intune:ConnectorSync imported ${randomUUID()}`;
      const [message] = quoted;
      await assert.rejects(shell.run(command), (error: Error) => {
        assert.ok(error.message.includes(message), error.message);
        return true;
      });
      assert.equal(emu.log.count(), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
