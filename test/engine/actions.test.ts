import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { aYearFromToday } from "../../emulator/actions/entry";
import { DepOnboardingSync, ManagedGooglePlaySync, VppTokenSync, WindowsAutopilotSync } from "../../provider";
import { emulatorEnv, quickEmulator } from "../../support/emulator";
import { changes, EngineStack } from "../../support/engine";
import { app } from "../conformance/cases";

// The four new resources in one stack under the real engine: what each step planned, and what
// reached Graph, counted from the emulator's log.
describe("the connectors-and-tokens resources under the Pulumi engine", () => {
  let emu: Emulator;
  let engine: EngineStack;
  let version = 1;
  const syncRoutes = [
    "syncVppToken",
    "syncWindowsAutopilotSettings",
    "syncDepOnboardingSetting",
    "syncManagedGooglePlay",
  ];
  const getRoutes = [
    "getVppToken",
    "getWindowsAutopilotSettings",
    "getDepOnboardingSetting",
    "getManagedGooglePlay",
  ];
  const aYear = aYearFromToday();
  const count = (routes: string[]) => routes.map((route) => emu.log.count({ route: route as never }));

  before(async () => {
    emu = await quickEmulator();
    const program = async () => {
      const triggers = { version };
      const vpp = new VppTokenSync("vpp", { vppTokenId: "contoso-vpp-1", triggers });
      const autopilot = new WindowsAutopilotSync("autopilot", { triggers: { fixed: 1 } });
      const dep = new DepOnboardingSync("dep", {
        depOnboardingSettingId: "contoso-dep-1",
        triggers: { fixed: 1 },
      });
      const play = new ManagedGooglePlaySync("play", { triggers });
      return {
        vpp: { syncCount: vpp.syncCount, expiresAt: vpp.expiresAt, healthy: vpp.healthy, state: vpp.state },
        autopilot: { syncCount: autopilot.syncCount, syncStatus: autopilot.syncStatus },
        dep: { syncCount: dep.syncCount, expiresAt: dep.expiresAt, apiVersion: dep.apiVersion },
        play: {
          syncCount: play.syncCount,
          bindStatus: play.bindStatus,
          lastSyncDateTime: play.lastSyncDateTime,
        },
      };
    };
    engine = await EngineStack.create(program, emulatorEnv(emu, app(emu, "intune-admin")));
  });
  after(async () => {
    await engine?.remove();
    await emu?.stop();
  });

  it("1. previews them as creates, with no Graph and no token request", async () => {
    const { steps } = await engine.preview();
    assert.deepEqual(changes(steps), ["create autopilot", "create dep", "create play", "create vpp"]);
    assert.deepEqual(
      steps.map((s) => s.type).sort(),
      ["DepOnboardingSync", "ManagedGooglePlaySync", "VppTokenSync", "WindowsAutopilotSync"].map(
        (name) => `pulumi-nodejs:dynamic/intune:${name}`,
      ),
    );
    assert.equal(emu.log.count(), 0);
  });

  it("2. creates them: one token, one read each (its rule), one sync POST each", async () => {
    const { result, infos } = await engine.up();
    const { outputs } = result;
    // One kept line per sync: the resource, its entity and tenant, and Graph's request-id.
    const sent = infos.filter((line) => line.includes("sent, and accepted by Graph (request-id "));
    assert.equal(sent.length, 4, infos.join("\n"));
    assert.ok(
      sent.some((line) =>
        line.startsWith("VppTokenSync: the license sync of VPP token 'contoso-vpp-1' in tenant "),
      ),
    );
    assert.deepEqual(count(syncRoutes), [1, 1, 1, 1]);
    assert.deepEqual(count(getRoutes), [1, 1, 1, 1]);
    assert.equal(emu.log.count({ route: "token" }), 1);
    const out = Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    assert.deepEqual(out.vpp, {
      syncCount: 1,
      expiresAt: aYear,
      healthy: true,
      state: "valid",
    });
    // What the read before the sync saw: the outputs are the last read's.
    assert.deepEqual(out.autopilot, { syncCount: 1, syncStatus: "completed" });
    assert.deepEqual(out.dep, { syncCount: 1, expiresAt: aYear, apiVersion: "beta" });
    assert.equal((out.play as { bindStatus: string }).bindStatus, "boundAndValidated");
  });

  it("3. a no-op up calls nothing, not even for a token", async () => {
    emu.log.clear();
    const { steps } = await engine.up();
    assert.deepEqual(changes(steps), []);
    assert.equal(emu.log.count(), 0);
  });

  it("4. a changed trigger syncs the two that use it, once each, and nothing else", async () => {
    emu.log.clear();
    version = 2;
    const { steps } = await engine.up();
    assert.deepEqual(changes(steps), ["update play", "update vpp"]);
    assert.deepEqual(count(syncRoutes), [1, 0, 0, 1]);
    assert.deepEqual(count(getRoutes), [1, 0, 0, 1]);
  });

  it("5. a refresh reads each once and syncs nothing; a destroy calls nothing", async () => {
    emu.log.clear();
    await engine.refresh();
    assert.deepEqual(count(getRoutes), [1, 1, 1, 1]);
    assert.deepEqual(count(syncRoutes), [0, 0, 0, 0]);
    emu.log.clear();
    await engine.destroy();
    assert.equal(emu.log.count(), 0);
  });
});
