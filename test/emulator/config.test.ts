import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeJwt } from "jose";
import { startEmulator } from "../../emulator";
import { defaultConfig, loadConfig } from "../../emulator/config";
import { call } from "../support/https";

const branch = "repo:contoso/platform:ref:refs/heads/main";

/** A JSON file with this text, in a fresh folder. */
function configFile(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), "emu-config-")), "emulator.json");
  writeFileSync(file, text);
  return file;
}

describe("the emulator's config: merged deeply into the default", () => {
  it("a partial ci block keeps the other ci fields", () => {
    const config = loadConfig({ ci: { githubSubject: branch } });
    assert.deepEqual(config.ci, { ...defaultConfig().ci, githubSubject: branch });
  });

  it("an array replaces the default's whole; the fields left out keep theirs", () => {
    const [contoso] = defaultConfig().tenants;
    contoso.connectors = contoso.connectors.slice(0, 1);
    const config = loadConfig({ tenants: [contoso], graphAudiences: ["https://graph.microsoft.us"] });
    assert.deepEqual(config.tenants, [contoso]);
    assert.deepEqual(config.graphAudiences, ["https://graph.microsoft.us"]);
    assert.deepEqual(config.apps, defaultConfig().apps);
    assert.equal(config.syncCompletionMs, defaultConfig().syncCompletionMs);
  });

  it("shares no object with what it was given", () => {
    const tenants = defaultConfig().tenants;
    const config = loadConfig({ tenants });
    config.tenants[0].connectors.pop();
    assert.equal(tenants[0].connectors.length, 3);
  });

  it("a file merges the same way, and its __proto__ key reaches no prototype", () => {
    const file = configFile(
      JSON.stringify({ ci: { azurePipelinesAccessToken: "file-token" } }).replace(
        "{",
        '{"__proto__": {"polluted": true}, ',
      ),
    );
    const config = loadConfig(file);
    assert.deepEqual(config.ci, { ...defaultConfig().ci, azurePipelinesAccessToken: "file-token" });
    assert.equal(Object.getPrototypeOf(config), Object.prototype);
    assert.equal((config as any).polluted, undefined);
    assert.equal(({} as any).polluted, undefined);
  });

  it("a config that is not an object is refused, naming the file and what it holds", () => {
    const file = configFile("[1, 2]");
    assert.throws(
      () => loadConfig(file),
      new RegExp(`The config file ${file} is \\[1,2\\]: give a JSON object`),
    );
  });

  it("answers Intune's refusals in Intune's envelope unless told otherwise", () => {
    assert.equal(loadConfig().intuneErrorEnvelope, true);
    assert.equal(loadConfig({ intuneErrorEnvelope: false }).intuneErrorEnvelope, false);
  });

  it("a running emulator given only ci.githubSubject still serves both CI stand-ins", async () => {
    const emu = await startEmulator({
      config: configFile(JSON.stringify({ ci: { githubSubject: branch } })),
    });
    try {
      const { ci } = defaultConfig();
      const github = await call(emu, "GET", `${new URL(emu.ci.githubRequestUrl).pathname}?audience=x`, {
        headers: { authorization: `Bearer ${ci.githubRequestToken}` },
      });
      assert.equal(github.status, 200);
      assert.equal(decodeJwt(github.body.value).sub, branch);
      const pipelines = await call(emu, "POST", `${new URL(emu.ci.azurePipelinesRequestUri).pathname}`, {
        headers: { authorization: `Bearer ${ci.azurePipelinesAccessToken}` },
      });
      assert.equal(pipelines.status, 200);
      assert.equal(typeof pipelines.body.oidcToken, "string");
    } finally {
      await emu.stop();
    }
  });
});
