import assert from "node:assert/strict";
import { after, before, beforeEach } from "node:test";
import type { Emulator } from "../../emulator";
import { connectorSyncProvider as provider } from "../../provider";
import { resetContext } from "../../provider/context";
import { emulatorEnv, fixtures, quickEmulator, withEnv } from "../../support/emulator";

export type Env = Record<string, string | undefined>;

/** A clock whose sleep returns at once and moves its time on: retries and polls take no real time. */
export function virtualClock(start = Date.now()) {
  let time = start;
  const waits: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
    /** Every wait asked for, in milliseconds. */
    waits,
  };
}

/**
 * One emulator for the tests of a `describe`, and before each test a clean
 * slate: the log and faults cleared, and a fresh provider context (no cached
 * token, limit or setting) on a virtual clock. So each test passes alone and
 * in any order.
 */
export function integrationSuite(emulatorConfig: Record<string, unknown> = {}) {
  const suite = {
    emu: undefined as unknown as Emulator,
    f: undefined as unknown as ReturnType<typeof fixtures>,
    env: {} as Env,
    clock: virtualClock(),
    /** The warnings the provider gave during the test, as the engine would show them. */
    warnings: [] as string[],
    /** The info lines it gave (one per accepted sync). */
    told: [] as string[],
  };
  /** Runs `body` with the emulator's settings in the environment, as `pulumi up` would see them. */
  const run = <T>(body: () => Promise<T>, env: Env = suite.env) => withEnv(env, body);
  /** check, then create, as the engine does for a new resource; `env` replaces the emulator's settings. */
  const create = (news: Record<string, unknown>, env: Env = suite.env) =>
    run(async () => {
      const { inputs, failures } = await provider.check({}, news);
      assert.deepEqual(failures, []);
      return { inputs, ...(await provider.create(inputs)) };
    }, env);
  /** The error that `create` fails with. */
  const createFailure = (news: Record<string, unknown>, env: Env = suite.env): Promise<unknown> =>
    create(news, env).then(
      () => assert.fail("the create should have failed"),
      (error: unknown) => error,
    );
  before(async () => {
    suite.emu = await quickEmulator(emulatorConfig);
    suite.f = fixtures(suite.emu);
    suite.env = emulatorEnv(suite.emu);
  });
  beforeEach(() => {
    suite.emu.log.clear();
    suite.emu.faults.clear();
    suite.clock = virtualClock();
    suite.warnings = [];
    suite.told = [];
    const warn = async (message: string) => void suite.warnings.push(message);
    resetContext({ clock: suite.clock, warn, tell: async (message) => void suite.told.push(message) });
  });
  after(async () => {
    resetContext();
    await suite.emu?.stop();
  });
  return Object.assign(suite, { run, create, createFailure });
}
