// A cancelled deployment, as a runner that gives up on a job cancels it: the CLI stopped by force
// (SIGINT, then SIGTERM) or killed outright (SIGKILL). The CLI is run as a user runs it and signalled
// by its pid; the emulator's log says what reached Graph, and when. README: Cancelling a deployment.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { emulatorEnv, fixtures, quickEmulator } from "../../support/emulator";
import { EngineStack } from "../../support/engine";

// A user's index.js, run by the language host: nothing of a stopped run stays in this process.
const programFile = `const { Config } = require("@pulumi/pulumi");
const { ConnectorSync } = require("pulumi-intune-connector-sync");
const { count, connectorId, waitForCompletion } = new Config().requireObject("syncs");
for (let i = 0; i < count; i++) new ConnectorSync(\`sync-\${i}\`, { connectorId, waitForCompletion });
`;

interface Proc {
  pid: number;
  cmdline: string;
}

/** The processes under `root`, from /proc (Linux): the CLI's language host, the provider and its shell. */
function descendants(root: number): Proc[] {
  const table = new Map<number, Proc & { ppid: number }>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      // After the command's parentheses: the state, then the parent's pid.
      const ppid = Number(readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
      table.set(Number(name), { pid: Number(name), ppid, cmdline });
    } catch {} // gone meanwhile
  }
  const under = (parent: number): Proc[] =>
    [...table.values()].filter((p) => p.ppid === parent).flatMap((p) => [p, ...under(p.pid)]);
  return under(root);
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

/** `pulumi up` of the stack, by the CLI in the stack's folder, as a pipeline step runs it. */
class CliUp {
  output = "";
  code: number | null | undefined;
  readonly cli: ChildProcess;
  readonly exited: Promise<void>;

  constructor(engine: EngineStack, env: Record<string, string>) {
    this.cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "test"], {
      cwd: engine.dir,
      env: {
        ...process.env,
        ...env,
        PULUMI_HOME: engine.stack.workspace.pulumiHome!,
        PULUMI_CONFIG_PASSPHRASE: "engine-tests",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.cli.stdout?.on("data", (chunk) => (this.output += chunk));
    this.cli.stderr?.on("data", (chunk) => (this.output += chunk));
    this.exited = new Promise((done) =>
      this.cli.once("exit", (code) => {
        this.code = code;
        done();
      }),
    );
  }

  get running() {
    return this.code === undefined;
  }

  /** Waits until `condition` holds while the CLI still runs, which it must. */
  async runsUntil(condition: () => boolean) {
    assert.ok(await until(() => condition() || !this.running, 90_000), `never came:\n${this.output}`);
    assert.ok(this.running, `the CLI ended first:\n${this.output}`);
  }
}

describe("a cancelled deployment", () => {
  let emu: Emulator;
  let connectorId: string;
  const stacks: EngineStack[] = [];
  const leftBehind: number[] = [];

  before(async () => {
    // A sync completes only after ten minutes: a wait polls for as long as a test lasts.
    emu = await quickEmulator({ syncCompletionMs: 600_000 });
    connectorId = fixtures(emu).connectorsA[0];
  });
  after(async () => {
    // Whatever a stopped CLI left behind (the provider, its shell, the language host), by pid.
    for (const pid of leftBehind) if (running(pid)) process.kill(pid, "SIGKILL");
    for (const engine of stacks) await engine.remove();
    await emu.stop();
  });

  const posts = () => emu.log.count({ route: "sync", method: "POST" });
  const accepted = () => emu.log.count({ route: "sync", status: 204 });
  const polls = () => emu.log.count({ route: "getConnector" });

  async function stackOf(syncs: object, env: Record<string, string> = {}) {
    const all = { ...emulatorEnv(emu), ...env };
    const engine = await EngineStack.create(programFile, all);
    stacks.push(engine);
    await engine.stack.setConfig("syncs", { value: JSON.stringify({ connectorId, ...syncs }) });
    return { engine, env: all };
  }

  /**
   * SIGKILLs the CLI once `killWhen` holds, then waits until its provider process is gone, or
   * `count` grows past its value at the kill, or 20 s pass: what it counted after, and who is left.
   */
  async function killed(
    syncs: object,
    env: Record<string, string>,
    killWhen: () => boolean,
    count: () => number,
  ) {
    const stack = await stackOf(syncs, env);
    const up = new CliUp(stack.engine, stack.env);
    await up.runsUntil(killWhen);
    const tree = descendants(up.cli.pid!);
    leftBehind.push(...tree.map((p) => p.pid));
    const providers = tree.filter((p) => p.cmdline.includes("dynamic-provider")).map((p) => p.pid);
    assert.equal(providers.length, 1, `one provider process under the CLI: ${JSON.stringify(tree)}`);
    const atKill = count();
    up.cli.kill("SIGKILL");
    await up.exited;
    await until(() => !providers.some(running) || count() > atKill, 20_000);
    return { after: count() - atKill, providersLeft: providers.filter(running).length };
  }

  it("SIGKILL: of 20 syncs paced 1 per 2 s, none is sent after the CLI's death, and the provider exits", {
    timeout: 180_000,
  }, async () => {
    emu.log.clear();
    const syncs = { count: 20, waitForCompletion: false };
    // Killed just after the third sync was answered: by the pace, the next is 2 s away, so none is on the wire.
    const run = await killed(syncs, { CONNECTOR_SYNC_RATE: "1/2s" }, () => posts() >= 3, posts);
    assert.deepEqual(
      { postsAfterDeath: run.after, providersLeft: run.providersLeft },
      { postsAfterDeath: 0, providersLeft: 0 },
    );
  });

  it("SIGKILL: a wait for a sync's completion polls no more after the CLI's death, and the provider exits", {
    timeout: 180_000,
  }, async () => {
    emu.log.clear();
    const syncs = { count: 1, waitForCompletion: { pollIntervalSeconds: 2, timeoutSeconds: 600 } };
    // Killed just after the second poll was answered: the next is 2 s away.
    const run = await killed(syncs, {}, () => polls() >= 2, polls);
    assert.equal(posts(), 1);
    assert.deepEqual(
      { pollsAfterDeath: run.after, providersLeft: run.providersLeft },
      { pollsAfterDeath: 0, providersLeft: 0 },
    );
  });

  it("SIGINT, then SIGTERM 7.5 s later: pending creates, synced again by the next up, until --clear-pending-creates", {
    timeout: 300_000,
  }, async () => {
    emu.log.clear();
    const { engine, env } = await stackOf(
      { count: 20, waitForCompletion: false },
      { CONNECTOR_SYNC_RATE: "1/2s" },
    );
    // The fourth sync is answered 10 s late: Graph has taken it when the CLI gives up on it.
    const prompt = { delayMs: 0 };
    emu.faults.add({ route: "sync", responses: [prompt, prompt, prompt, { delayMs: 10_000 }] });
    const up = new CliUp(engine, env);
    await up.runsUntil(() => accepted() >= 3);
    leftBehind.push(...descendants(up.cli.pid!).map((p) => p.pid));
    up.cli.kill("SIGINT");
    // GitHub Actions' wait: the paced syncs the provider holds are still in flight after it.
    assert.equal(await until(() => !up.running, 7_500), false, "the up ended within 7.5 s of its SIGINT");
    up.cli.kill("SIGTERM");
    await up.exited;
    assert.match(up.output, /SIGTERM received; terminating/);
    // The late sync lands: each scripted answer has been given.
    assert.ok(await until(() => emu.log.count({ route: "sync", fault: "scripted" }) === 4, 20_000));
    const { deployment } = await engine.stack.exportStack();
    const recorded = (deployment.resources ?? []).filter((r: any) => r.type.includes("ConnectorSync")).length;
    const pending = (deployment.pending_operations ?? []).length;
    const acceptedFirst = accepted();
    // Graph took more syncs than the state records: those are pending creates, with the ones never sent.
    assert.ok(acceptedFirst > recorded, `${acceptedFirst} syncs accepted, ${recorded} recorded`);
    assert.ok(pending >= acceptedFirst - recorded && recorded + pending <= 20, `${pending} pending`);

    emu.log.clear();
    const second = await engine.up();
    const warning = new RegExp(`Attempting to deploy or update resources with ${pending} pending operations`);
    assert.ok(
      second.warnings.some((w) => warning.test(w)),
      JSON.stringify(second.warnings),
    );
    // Every create not recorded is made again, and so synced again: a second sync for each one Graph took.
    assert.equal(posts(), 20 - recorded);
    emu.log.clear();
    const third = await engine.up();
    assert.ok(
      third.warnings.some((w) => warning.test(w)),
      "the warning comes back on every up",
    );
    await engine.stack.refresh({ clearPendingCreates: true, color: "never" });
    const fourth = await engine.up();
    assert.deepEqual([fourth.warnings, posts(), (await engine.resources()).length], [[], 0, 20]);
    const after = (await engine.stack.exportStack()).deployment;
    assert.equal((after.pending_operations ?? []).length, 0);
  });
});
