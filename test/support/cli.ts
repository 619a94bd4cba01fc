import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const cliPath = resolve(__dirname, "../../emulator/cli.js");

/** The command lines started, so that a test's afterEach can kill what a failed test left running. */
export const startedClis = new Set<ChildProcess>();

export function killStartedClis() {
  for (const cli of startedClis) if (cli.exitCode === null && cli.signalCode === null) cli.kill("SIGKILL");
  startedClis.clear();
}

export interface CliOptions {
  cwd?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Node's own flags, such as a small heap. */
  nodeArgs?: string[];
}

/** The emulator's command line, as `npx intune-graph-emulator` runs it. */
export function spawnCli({ cwd, args = [], env = process.env, nodeArgs = [] }: CliOptions = {}) {
  const cli = spawn(process.execPath, [...nodeArgs, cliPath, ...args], { cwd, env });
  startedClis.add(cli);
  return cli;
}

/** The command line, once it has printed its last export line (written to emulator.env in `cwd`, if given). */
export async function startCli(options: CliOptions = {}) {
  const cli = spawnCli(options);
  let output = "";
  cli.stdout.setEncoding("utf8");
  await new Promise<void>((done, fail) => {
    cli.stdout.on("data", (chunk) => {
      output += chunk;
      if (/^export CONNECTOR_SYNC_CA_CERT=.*\n/m.test(output)) done();
    });
    cli.once("exit", (code) => fail(new Error(`the command line exited (${code}) before its exports`)));
  });
  if (options.cwd) writeFileSync(join(options.cwd, "emulator.env"), output);
  return { cli, output };
}
