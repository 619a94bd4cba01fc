import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { defaultConfig } from "../../emulator/config";

describe("the emulator's command line", () => {
  it("the command line prints eval-able exports for a config file, and exits 0 on SIGTERM", async () => {
    const config = defaultConfig();
    config.tenants[0].connectors = config.tenants[0].connectors.slice(0, 1);
    const file = join(mkdtempSync(join(tmpdir(), "emu-cli-")), "emulator.json");
    writeFileSync(file, JSON.stringify(config));
    const cli = spawn(process.execPath, [resolve(__dirname, "../../emulator/cli.js"), "--config", file]);
    let output = "";
    cli.stdout.setEncoding("utf8");
    await new Promise<void>((done) =>
      cli.stdout.on("data", (chunk) => {
        output += chunk;
        if (output.includes("CONNECTOR_SYNC_CA_CERT=")) done();
      }),
    );
    const exports = Object.fromEntries(
      [...output.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(Object.keys(exports), [
      "AZURE_TENANT_ID",
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
      "AZURE_AUTHORITY_HOST",
      "CONNECTOR_SYNC_GRAPH_ENDPOINT",
      "CONNECTOR_SYNC_CA_CERT",
    ]);
    assert.equal(exports.AZURE_TENANT_ID, config.tenants[0].tenantId);
    assert.match(exports.CONNECTOR_SYNC_GRAPH_ENDPOINT, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(output, new RegExp(`connectors\\s+${config.tenants[0].connectors[0].id}\\n`));
    cli.kill("SIGTERM");
    const [code] = await once(cli, "exit");
    assert.equal(code, 0);
  });
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    it(`the command line removes its temporary folder on ${signal}, and exits 0`, async () => {
      const cli = spawn(process.execPath, [resolve(__dirname, "../../emulator/cli.js")]);
      let output = "";
      cli.stdout.setEncoding("utf8");
      const caPath = await new Promise<string>((done) =>
        cli.stdout.on("data", (chunk) => {
          output += chunk;
          const found = /^export CONNECTOR_SYNC_CA_CERT=(.*)$/m.exec(output);
          if (found) done(found[1]);
        }),
      );
      assert.equal(existsSync(caPath), true);
      cli.kill(signal);
      const [code] = await once(cli, "exit");
      assert.equal(code, 0);
      assert.equal(existsSync(dirname(caPath)), false);
    });
  }
});
