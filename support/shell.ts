// What a user types, run as they type it: one command line at a time, in a
// working directory that `cd` moves, with the real Pulumi CLI on PATH. Shared
// by the tests, which assert what each command made the emulator see, and by
// the demo, which shows it.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The clone's root, from dist/support. */
export const repoRoot = resolve(__dirname, "../..");

/**
 * The command lines of the first `sh` block in a README, or in one section of
 * it, as a user would paste them, less what bash would skip: blank lines and
 * comments.
 */
export function readmeCommands(readme: string, section?: string): string[] {
  let text = readFileSync(readme, "utf8");
  if (section !== undefined) {
    const start = text.indexOf(`\n## ${section}\n`);
    if (start < 0) throw new Error(`${readme} has no section '## ${section}'.`);
    text = text.slice(start);
  }
  const block = /```sh\n([\s\S]*?)```/.exec(text);
  if (!block) throw new Error(`${readme} has no \`\`\`sh block of commands to run.`);
  return block[1]
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}

/** A local file backend, its passphrase and a Pulumi home, all inside `scratch`: nothing outside is touched. */
export function pulumiEnv(scratch: string): Record<string, string> {
  mkdirSync(join(scratch, "state"), { recursive: true });
  return {
    PULUMI_BACKEND_URL: `file://${join(scratch, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "not-a-secret: a throwaway local stack",
    PULUMI_HOME: join(scratch, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}

/**
 * A copy of the repository's programs (the top-level Pulumi.yaml and examples/,
 * under a package.json, which the SDK looks for above a program)
 * in `scratch`, whose node_modules is the clone's: the programs import the
 * package by name as a user's program does, and running them leaves no stack
 * file behind in the clone.
 */
export function copyPrograms(scratch: string): string {
  const root = join(scratch, "repo");
  mkdirSync(root, { recursive: true });
  cpSync(join(repoRoot, "Pulumi.yaml"), join(root, "Pulumi.yaml"));
  // Not the clone's own: a package.json named like the package would resolve the import to itself.
  writeFileSync(
    join(root, "package.json"),
    JSON.stringify({ name: "connector-sync-programs", private: true }),
  );
  cpSync(join(repoRoot, "examples"), join(root, "examples"), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
  return root;
}

export interface CommandResult {
  command: string;
  output: string;
}

/** Runs command lines one after another, like a terminal: `cd` changes where the next one runs. */
export class ShellSession {
  constructor(
    private cwd: string,
    private readonly env: Record<string, string | undefined>,
  ) {}

  async run(command: string, onOutput?: (text: string) => void): Promise<CommandResult> {
    const cd = /^cd\s+(\S+)$/.exec(command);
    if (cd) {
      this.cwd = resolve(this.cwd, cd[1]);
      return { command, output: "" };
    }
    const child = spawn("bash", ["-c", command], {
      cwd: this.cwd,
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const take = (chunk: Buffer) => {
      output += chunk;
      onOutput?.(chunk.toString());
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const code = await new Promise<number | null>((done) => child.on("close", done));
    if (code !== 0)
      throw new Error(`\`${command}\` exited with ${code} in ${this.cwd}:\n${output.slice(-4000)}`);
    return { command, output };
  }
}
