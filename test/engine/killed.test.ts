// The Pulumi CLI killed outright (SIGKILL), as a runner that gives up on a job may do: the provider
// process it started, orphaned, must send nothing more, and go. The CLI is run as a user runs it,
// and killed by its pid; the emulator's log says what reached Graph after its death.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { emulatorEnv, fixtures, quickEmulator } from "../../support/emulator";
import { EngineStack } from "../../support/engine";

// A user's index.js, run by the language host: nothing of the killed run stays in this process.
const programFile = `const { Config } = require("@pulumi/pulumi");
const { ConnectorSync } = require("pulumi-intune-connector-sync");
const { count, connectorId, waitForCompletion } = new Config().requireObject("syncs");
for (let i = 0; i < count; i++) new ConnectorSync(\`sync-\${i}\`, { connectorId, waitForCompletion });
`;

/** Each process's parent and state, from /proc (Linux). */
function processTable() {
  const table = new Map<number, { ppid: number; state: string; cmdline: string }>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      // After the command's parentheses: the state, then the parent's pid.
      const [state, ppid] = readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1].split(" ");
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
      table.set(Number(name), { ppid: Number(ppid), state, cmdline });
    } catch {} // gone meanwhile
  }
  return table;
}

function descendants(pid: number): { pid: number; cmdline: string }[] {
  const table = processTable();
  const found: { pid: number; cmdline: string }[] = [];
  const visit = (parent: number) => {
    for (const [child, info] of table) {
      if (info.ppid !== parent) continue;
      found.push({ pid: child, cmdline: info.cmdline });
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Alive, and not a zombie that no one has reaped yet. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
  } catch {
    return false;
  }
}

/** Checks `condition` every 20 ms until it holds or `ms` pass; says which. */
async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((tick) => setTimeout(tick, 20));
  }
  return true;
}

interface Killed {
  /** Requests logged after the kill (the count given) and the provider processes still running. */
  after: number;
  providersLeft: number;
  cliOutput: string;
}

/**
 * Runs `pulumi up` on the program, SIGKILLs the CLI once `killWhen` holds, and then waits until the
 * provider processes it started are gone, or `count` grows past its value at the kill, or 20 s pass.
 */
async function killedUp(
  emu: Emulator,
  syncs: object,
  env: Record<string, string>,
  killWhen: () => boolean,
  count: () => number,
): Promise<Killed> {
  const engine = await EngineStack.create(programFile, { ...emulatorEnv(emu), ...env });
  let cli: ChildProcess | undefined;
  let tree: { pid: number; cmdline: string }[] = [];
  try {
    await engine.stack.setConfig("syncs", { value: JSON.stringify(syncs) });
    cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "test"], {
      cwd: engine.dir,
      env: {
        ...process.env,
        ...emulatorEnv(emu),
        ...env,
        PULUMI_HOME: engine.stack.workspace.pulumiHome!,
        PULUMI_CONFIG_PASSPHRASE: "engine-tests",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let cliOutput = "";
    cli.stdout?.on("data", (chunk) => (cliOutput += chunk));
    cli.stderr?.on("data", (chunk) => (cliOutput += chunk));
    const exited = new Promise((done) => cli!.once("exit", done));
    let cliExited = false;
    exited.then(() => (cliExited = true));
    assert.ok(await until(() => killWhen() || cliExited, 90_000), `never ready to kill:\n${cliOutput}`);
    assert.equal(cliExited, false, `the CLI ended before it was killed:\n${cliOutput}`);
    tree = descendants(cli.pid!);
    const providers = tree.filter((p) => p.cmdline.includes("dynamic-provider")).map((p) => p.pid);
    assert.equal(providers.length, 1, `one provider process under the CLI: ${JSON.stringify(tree)}`);
    const atKill = count();
    process.kill(cli.pid!, "SIGKILL");
    await exited;
    await until(() => !providers.some(running) || count() > atKill, 20_000);
    return { after: count() - atKill, providersLeft: providers.filter(running).length, cliOutput };
  } finally {
    // Whatever the CLI left behind (the provider, its shell, the language host), by pid.
    for (const { pid } of tree) if (running(pid)) process.kill(pid, "SIGKILL");
    if (cli?.exitCode === null) cli.kill("SIGKILL");
    await engine.remove();
  }
}

describe("a provider whose CLI is killed (SIGKILL)", () => {
  let emu: Emulator;
  let connectorId: string;

  before(async () => {
    // A sync completes only after ten minutes: a wait polls for as long as the test lasts.
    emu = await quickEmulator({ syncCompletionMs: 600_000 });
    connectorId = fixtures(emu).connectorsA[0];
  });
  after(() => emu.stop());

  const posts = () => emu.log.count({ route: "sync", method: "POST" });
  const polls = () => emu.log.count({ route: "getConnector" });

  it("of 20 syncs paced 1 per 2 s, sends none after the CLI's death, and exits", {
    timeout: 180_000,
  }, async () => {
    emu.log.clear();
    const syncs = { count: 20, connectorId, waitForCompletion: false };
    // Killed just after the third sync was answered: by the pace, the next is 2 s away, so none is on the wire.
    const killed = await killedUp(emu, syncs, { CONNECTOR_SYNC_RATE: "1/2s" }, () => posts() >= 3, posts);
    assert.deepEqual(
      { postsAfterDeath: killed.after, providersLeft: killed.providersLeft },
      { postsAfterDeath: 0, providersLeft: 0 },
    );
  });

  it("waiting for a sync to complete, polls no more after the CLI's death, and exits", {
    timeout: 180_000,
  }, async () => {
    emu.log.clear();
    const syncs = {
      count: 1,
      connectorId,
      waitForCompletion: { pollIntervalSeconds: 2, timeoutSeconds: 600 },
    };
    // Killed just after the second poll was answered: the next is 2 s away.
    const killed = await killedUp(emu, syncs, {}, () => polls() >= 2, polls);
    assert.equal(posts(), 1);
    assert.deepEqual(
      { pollsAfterDeath: killed.after, providersLeft: killed.providersLeft },
      { pollsAfterDeath: 0, providersLeft: 0 },
    );
  });
});
