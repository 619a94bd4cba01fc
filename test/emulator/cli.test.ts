import assert from "node:assert/strict";
import { type ChildProcess, execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { defaultConfig } from "../../emulator/config";
import { readmeCommands, repoRoot } from "../../support/shell";
import { killStartedClis, spawnCli, startCli } from "../support/cli";

afterEach(killStartedClis);

const startCliIn = (cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) =>
  startCli({ cwd, args, env });
const spawnCliIn = (cwd: string, args: string[] = []) => spawnCli({ cwd, args });

/**
 * What bash has in its environment after the README's own `eval` line, run in `cwd` on the
 * emulator.env there: each variable as bash holds it, read back NUL-separated.
 */
function evalAsReadmeSays(cwd: string): Record<string, string> {
  const section = "Test your own program against the emulator";
  const line = readmeCommands(join(repoRoot, "docs/emulator.md"), section).find((l) => l.includes("eval "));
  assert.ok(line, "the README's emulator section evals the exports");
  const env = execFileSync("bash", ["-euc", `${line}\nenv -0`], {
    cwd,
    env: { PATH: process.env.PATH },
    encoding: "utf8",
  });
  return Object.fromEntries(
    env
      .split("\0")
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

async function stopped(cli: ChildProcess, signal: NodeJS.Signals) {
  cli.kill(signal);
  const [code] = await once(cli, "exit");
  return code;
}

const exportNames = [
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_AUTHORITY_HOST",
  "CONNECTOR_SYNC_GRAPH_ENDPOINT",
  "CONNECTOR_SYNC_EMULATOR_TOKEN",
  "CONNECTOR_SYNC_CA_CERT",
];

/** GET /_emulator/log as a script of the user's would send it, with or without the control token. */
function readLog(env: Record<string, string>, token?: string): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const url = new URL("/_emulator/log", env.CONNECTOR_SYNC_GRAPH_ENDPOINT);
  return new Promise((done, fail) => {
    request(url, { headers, ca: readFileSync(env.CONNECTOR_SYNC_CA_CERT) }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    })
      .on("error", fail)
      .end();
  });
}

describe("the emulator's command line", () => {
  it("the command line prints eval-able exports for a config file, and exits 0 on SIGTERM", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "emu-cli-"));
    const config = defaultConfig();
    config.tenants[0].connectors = config.tenants[0].connectors.slice(0, 1);
    const file = join(scratch, "emulator.json");
    writeFileSync(file, JSON.stringify(config));
    const { cli, output } = await startCliIn(scratch, ["--config", file]);
    assert.deepEqual(
      [...output.matchAll(/^export (\w+)=/gm)].map((m) => m[1]),
      exportNames,
    );
    const env = evalAsReadmeSays(scratch);
    assert.equal(env.AZURE_TENANT_ID, config.tenants[0].tenantId);
    assert.equal(env.AZURE_CLIENT_SECRET, config.apps[0].secrets![0]);
    assert.match(env.CONNECTOR_SYNC_GRAPH_ENDPOINT, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(output, new RegExp(`connectors\\s+${config.tenants[0].connectors[0].id}\\n`));
    assert.match(output, /VPP tokens\s+contoso-vpp-1, contoso-vpp-2\n/);
    assert.match(output, /DEP settings\s+contoso-dep-1\n/);
    assert.match(output, /Google Play\s+boundAndValidated\n/);
    assert.equal(await readLog(env), 401, "the control API refuses a caller without the token");
    assert.equal(await readLog(env, env.CONNECTOR_SYNC_EMULATOR_TOKEN), 200, "and serves its holder");
    assert.equal(await stopped(cli, "SIGTERM"), 0);
  });

  it("eval-ing its exports gives each value as it is: a space, $(...), backticks or a quote run nothing", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "emu-cli-"));
    // Each would run a command, or break the line, if an export line left it unquoted.
    const hostile = (name: string) => `a b $(touch ran-${name}) \`touch ran-${name}-tick\` it's "q" \\ $HOME`;
    const temp = join(scratch, hostile("tmpdir"));
    mkdirSync(temp);
    const config = defaultConfig();
    config.apps[0].secrets = [hostile("secret")];
    const file = join(scratch, "emulator.json");
    writeFileSync(file, JSON.stringify(config));
    const { cli } = await startCliIn(scratch, ["--config", file], { ...process.env, TMPDIR: temp });
    const env = evalAsReadmeSays(scratch);
    assert.equal(env.AZURE_CLIENT_SECRET, hostile("secret"));
    assert.equal(dirname(dirname(env.CONNECTOR_SYNC_CA_CERT)), temp, "the CA under that TMPDIR");
    assert.equal(existsSync(env.CONNECTOR_SYNC_CA_CERT), true);
    assert.deepEqual(
      readdirSync(scratch).filter((name) => name.startsWith("ran-")),
      [],
      "no command ran",
    );
    assert.equal(await stopped(cli, "SIGTERM"), 0);
    assert.equal(existsSync(dirname(env.CONNECTOR_SYNC_CA_CERT)), false);
  });

  it("a value that an export line cannot carry (a line break) stops the command line, unprinted", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "emu-cli-"));
    const config = defaultConfig();
    config.apps[0].secrets = ["first line\nsecond line"];
    const file = join(scratch, "emulator.json");
    writeFileSync(file, JSON.stringify(config));
    const cli = spawnCliIn(scratch, ["--config", file]);
    let stderr = "";
    cli.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // Whichever comes first: its exit, or the exports it should not have printed.
    const outcome = await new Promise<string>((done) => {
      cli.stdout.on("data", (chunk) => done(`printed: ${chunk}`));
      cli.once("exit", (code) => done(`exit ${code}`));
    });
    assert.equal(outcome, "exit 1");
    assert.match(stderr, /AZURE_CLIENT_SECRET would hold a control character or a line break/);
    assert.doesNotMatch(stderr, /second line/, "the secret is not shown");
  });

  it("its temporary folder goes even when it dies without a word (SIGKILL, as out of memory)", {
    timeout: 20_000,
  }, async (t) => {
    const scratch = mkdtempSync(join(tmpdir(), "emu-cli-"));
    const temp = join(scratch, "tmp");
    mkdirSync(temp);
    const { cli } = await startCliIn(scratch, [], { ...process.env, TMPDIR: temp });
    const folder = dirname(evalAsReadmeSays(scratch).CONNECTOR_SYNC_CA_CERT);
    assert.deepEqual(readdirSync(temp), [basename(folder)]);
    // Told by the folder's parent when an entry goes, rather than looking again and again.
    // The test's signal closes the watcher when the test ends, passed or timed out.
    const removed = new Promise<void>((done) => {
      watch(temp, { signal: t.signal }, () => {
        if (!existsSync(folder)) done();
      });
    });
    assert.equal(await stopped(cli, "SIGKILL"), null, "killed: no exit code, no exit listener ran");
    await removed;
    assert.deepEqual(readdirSync(temp), []);
  });

  it("refuses a --log-entries that is not a whole number, naming it", async () => {
    const cli = spawnCliIn(mkdtempSync(join(tmpdir(), "emu-cli-")), ["--log-entries", "lots"]);
    let stderr = "";
    cli.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(cli, "exit");
    assert.equal(code, 1);
    assert.match(stderr, /--log-entries is 'lots': give a whole number/);
  });

  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    it(`the command line removes its temporary folder on ${signal}, and exits 0`, async () => {
      const scratch = mkdtempSync(join(tmpdir(), "emu-cli-"));
      const { cli } = await startCliIn(scratch);
      const caPath = evalAsReadmeSays(scratch).CONNECTOR_SYNC_CA_CERT;
      assert.equal(existsSync(caPath), true);
      assert.equal(await stopped(cli, signal), 0);
      assert.equal(existsSync(dirname(caPath)), false);
    });
  }
});
