import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EngineEvent,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type OpType,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { repoRoot } from "./shell";

export interface Step {
  op: OpType;
  type: string;
  name: string;
  diffs: string[];
}

/**
 * A stack on a local file backend in a fresh temporary folder, run by the real
 * Pulumi CLI through the Automation API. The folder links the clone's
 * node_modules, as a user's program has the package installed.
 *
 * The program is inline (a function run in this process) or, given as the
 * source of an index.js, a user's file that the language host runs in a
 * process of its own: nothing of an interrupted run then stays behind here.
 */
export class EngineStack {
  output = "";
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
  ) {}

  static async create(
    program: PulumiFn | string,
    env: Record<string, string>,
    nodeModules = join(repoRoot, "node_modules"),
  ) {
    const dir = mkdtempSync(join(tmpdir(), "connector-sync-engine-"));
    symlinkSync(nodeModules, join(dir, "node_modules"));
    mkdirSync(join(dir, "state"));
    const options: LocalWorkspaceOptions = {
      workDir: dir,
      pulumiHome: join(dir, ".pulumi-home"),
      projectSettings: {
        name: "connector-sync-test",
        runtime: "nodejs",
        backend: { url: `file://${dir}/state` },
      },
      envVars: { ...env, PULUMI_CONFIG_PASSPHRASE: "engine-tests", PULUMI_SKIP_UPDATE_CHECK: "true" },
    };
    if (typeof program !== "string") {
      const inline = { stackName: "test", projectName: "connector-sync-test", program };
      return new EngineStack(await LocalWorkspace.createOrSelectStack(inline, options), dir);
    }
    writeFileSync(join(dir, "index.js"), program);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "connector-sync-test", private: true }));
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "test", workDir: dir }, options);
    return new EngineStack(stack, dir);
  }

  private run<T>(operation: (options: object) => Promise<T>, extra: object = {}) {
    const steps: Step[] = [];
    // What the engine itself counts as warnings (a provider's stderr lines are "info#err").
    const warnings: string[] = [];
    /** And what it counts as info: a provider's pulumi.log.info lines. */
    const infos: string[] = [];
    const onEvent = (event: EngineEvent) => {
      if (event.diagnosticEvent?.severity === "warning") warnings.push(event.diagnosticEvent.message);
      if (event.diagnosticEvent?.severity === "info") infos.push(event.diagnosticEvent.message);
      const pre = event.resourcePreEvent?.metadata;
      if (pre && pre.type !== "pulumi:pulumi:Stack" && !pre.type.startsWith("pulumi:providers:")) {
        steps.push({ op: pre.op, type: pre.type, name: pre.urn.split("::").pop()!, diffs: pre.diffs ?? [] });
      }
    };
    const onOutput = (text: string) => {
      this.output += text;
    };
    return operation({ onEvent, onOutput, color: "never", ...extra }).then((result) => ({
      result,
      steps,
      warnings,
      infos,
    }));
  }

  preview(extra: object = {}) {
    return this.run((o) => this.stack.preview(o), extra);
  }
  up(extra: object = {}) {
    return this.run((o) => this.stack.up(o), extra);
  }
  refresh() {
    return this.run((o) => this.stack.refresh(o));
  }
  destroy() {
    return this.run((o) => this.stack.destroy(o));
  }

  async resources() {
    const deployment = await this.stack.exportStack();
    return (deployment.deployment.resources ?? []).filter((r: any) =>
      r.type.startsWith("pulumi-nodejs:dynamic"),
    );
  }

  /** Every file the backend wrote, as one string, to search for what must never be there. */
  stateFiles(): string {
    const read = (path: string): string =>
      statSync(path).isDirectory()
        ? readdirSync(path)
            .map((name) => read(join(path, name)))
            .join("\n")
        : readFileSync(path, "utf8");
    return read(join(this.dir, "state"));
  }

  async remove() {
    await this.stack.workspace.removeStack("test", { force: true }).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Steps that are not `same`, as "op name" strings: what the engine planned or
 * did. Sorted by name, since the engine runs independent resources in any
 * order; stable, so one resource's steps keep theirs.
 */
export const changes = (steps: Step[]) =>
  steps
    .filter((s) => s.op !== "same")
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => `${s.op} ${s.name}`);
