import { after, before } from "node:test";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { Emulator } from "../../emulator";
import { emulatorEnv, fixtures, quickEmulator } from "../../support/emulator";
import { EngineStack } from "../../support/engine";

/**
 * For a suite: an emulator started before its tests, and `stack()` to make
 * stacks against it, all removed after them. Read `emu` and `f` in tests,
 * once `before` has run.
 */
export function engineSuite() {
  const stacks: EngineStack[] = [];
  const suite = {
    emu: undefined as unknown as Emulator,
    f: undefined as unknown as ReturnType<typeof fixtures>,
    async stack(program: PulumiFn, env: Record<string, string> = emulatorEnv(suite.emu)) {
      const engine = await EngineStack.create(program, env);
      stacks.push(engine);
      return engine;
    },
  };
  before(async () => {
    suite.emu = await quickEmulator();
    suite.f = fixtures(suite.emu);
  });
  after(async () => {
    for (const engine of stacks) await engine.remove();
    await suite.emu?.stop();
  });
  return suite;
}
