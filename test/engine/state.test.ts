import assert from "node:assert/strict";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { ConnectorSync } from "../../provider";
import { providerModule } from "../../provider/shim";
import { emulatorEnv, fixtures, quickEmulator } from "../../support/emulator";
import { EngineStack } from "../../support/engine";
import { repoRoot } from "../../support/shell";

/**
 * A node_modules folder like the clone's, whose `pulumi-intune-connector-sync`
 * can be pointed at another build of the package.
 */
function modulesWith(packageDir: string, dir: string): string {
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const name of readdirSync(join(repoRoot, "node_modules"))) {
    if (name !== "pulumi-intune-connector-sync" && !name.startsWith(".")) {
      symlinkSync(join(repoRoot, "node_modules", name), join(modules, name));
    }
  }
  symlinkSync(packageDir, join(modules, "pulumi-intune-connector-sync"));
  return modules;
}

/** This package rebuilt as a later version: same code, another version in package.json and the User-Agent. */
function rebuiltPackage(dir: string, version: string): string {
  const root = join(dir, "rebuilt");
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  cpSync(join(repoRoot, "dist", "provider"), join(root, "dist", "provider"), { recursive: true });
  writeFileSync(join(root, "package.json"), JSON.stringify({ ...manifest, version }));
  const versionFile = join(root, "dist", "provider", "version.js");
  writeFileSync(versionFile, readFileSync(versionFile, "utf8").replace(manifest.version, version));
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
  return root;
}

describe("state hygiene", () => {
  let emu: Emulator;
  let engine: EngineStack;
  let work: string;

  before(async () => {
    emu = await quickEmulator();
    work = mkdtempSync(join(tmpdir(), "connector-sync-state-"));
    const { connectorsA } = fixtures(emu);
    const program = async () => {
      for (const connectorId of connectorsA)
        new ConnectorSync(connectorId, { connectorId, triggers: { v: 1 } });
    };
    engine = await EngineStack.create(program, emulatorEnv(emu), modulesWith(repoRoot, work));
    await engine.up();
  });
  after(async () => {
    await engine?.remove();
    await emu?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("13a. stores the one-line provider module as __provider, and no absolute path in the state", async () => {
    const resources = await engine.resources();
    assert.equal(resources.length, fixtures(emu).connectorsA.length);
    for (const resource of resources) {
      assert.equal(resource.inputs.__provider, providerModule);
      assert.equal(resource.outputs.__provider, providerModule);
      // What the program gave, the tenant and cloud in effect, no other default; the outputs as one record.
      const given = ["__provider", "cloud", "connectorId", "tenantId", "triggers"];
      assert.deepEqual(Object.keys(resource.inputs).sort(), given);
      assert.deepEqual(Object.keys(resource.outputs).sort(), [...given, "recorded"].sort());
      assert.equal(resource.outputs.recorded.syncCount, 1);
    }
    // The engine records where the program declared each resource, relative to the
    // project; this test's program lies outside its project, so those read
    // "project:///../../work/...". A user's program lies inside: they are not ours to check.
    const state = engine.stateFiles().replace(/"sourcePosition":"[^"]*"/g, "");
    for (const path of [repoRoot, work, engine.dir]) {
      const at = state.indexOf(path);
      assert.equal(at, -1, `${path} is in the state: ${state.slice(at - 200, at + 100)}`);
    }
  });

  it("13b. state written by this version is refreshed and deleted by a rebuilt package", async () => {
    const rebuilt = rebuiltPackage(work, "9.9.9-rebuilt");
    const link = join(work, "node_modules", "pulumi-intune-connector-sync");
    rmSync(link);
    symlinkSync(rebuilt, link);
    emu.log.clear();
    await engine.refresh();
    const agents = emu.log.entries({ route: "getConnector" }).map((e) => e.headers["user-agent"]);
    assert.equal(agents.length, fixtures(emu).connectorsA.length);
    for (const agent of agents) assert.equal(agent, "pulumi-intune-connector-sync/9.9.9-rebuilt");
    const { result } = await engine.destroy();
    assert.deepEqual(result.summary.resourceChanges, { delete: fixtures(emu).connectorsA.length + 1 });
    assert.equal(emu.log.count({ route: "sync" }), 0);
  });
});
