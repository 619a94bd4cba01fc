// Every action as the conformance tests drive it: its provider, its inputs for an entity the
// emulator's default tenant holds, and its routes' names in the emulator's log. A new action adds
// one case here, and every shared guarantee is then tested for it.
import { after, before, beforeEach } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import * as actions from "../../provider/actions";
import { resetContext } from "../../provider/context";
import type { Action } from "../../provider/core/action";
import * as lifecycle from "../../provider/lifecycle";
import { emulatorEnv, withEnv } from "../../support/emulator";
import { virtualClock } from "../integration/fixture";

export type Provider = typeof lifecycle.vppTokenSyncProvider;

export interface Case {
  action: Action;
  provider: Provider;
  /** The routes of its entity's read, its sync and (for an entity set) its list, as the log names them. */
  routes: { get: string; sync: string; list?: string };
  /** The emulator's name of its entity set, for control calls (actions.set). */
  entitySet?: string;
  /** Inputs for an entity of the default tenant, and (for an entity set) for one it does not hold. */
  inputs: Record<string, unknown>;
  missing?: Record<string, unknown>;
  /** Reads before the POST when nothing holds it back: a rule's, or none. */
  readsFirst: number;
  /** The key's value, for an entity set. */
  id?: string;
  /** The minutes its rule keeps between syncs, when it has such a rule. */
  intervalMinutes?: number;
}

const contoso = defaultConfig().tenants[0].tenantId;

export const cases: Case[] = [
  {
    action: actions.exchangeConnector as unknown as Action,
    provider: lifecycle.connectorSyncProvider as unknown as Provider,
    routes: { get: "getConnector", sync: "sync", list: "listConnectors" },
    inputs: { connectorId: "contoso-connector-1" },
    missing: { connectorId: "no-such-connector" },
    readsFirst: 0,
    id: "contoso-connector-1",
  },
  {
    action: actions.vppToken as unknown as Action,
    provider: lifecycle.vppTokenSyncProvider,
    routes: { get: "getVppToken", sync: "syncVppToken", list: "listVppTokens" },
    entitySet: "vppTokens",
    inputs: { vppTokenId: "contoso-vpp-1" },
    missing: { vppTokenId: "no-such-token" },
    readsFirst: 1,
    id: "contoso-vpp-1",
  },
  {
    action: actions.windowsAutopilot as unknown as Action,
    provider: lifecycle.windowsAutopilotSyncProvider as unknown as Provider,
    routes: { get: "getWindowsAutopilotSettings", sync: "syncWindowsAutopilotSettings" },
    entitySet: "windowsAutopilotSettings",
    inputs: {},
    readsFirst: 1,
    intervalMinutes: 10,
  },
  {
    action: actions.depOnboarding as unknown as Action,
    provider: lifecycle.depOnboardingSyncProvider as unknown as Provider,
    routes: {
      get: "getDepOnboardingSetting",
      sync: "syncDepOnboardingSetting",
      list: "listDepOnboardingSettings",
    },
    entitySet: "depOnboardingSettings",
    inputs: { depOnboardingSettingId: "contoso-dep-1" },
    missing: { depOnboardingSettingId: "no-such-setting" },
    readsFirst: 1,
    id: "contoso-dep-1",
    intervalMinutes: 15,
  },
  {
    action: actions.managedGooglePlay as unknown as Action,
    provider: lifecycle.managedGooglePlaySyncProvider as unknown as Provider,
    routes: { get: "getManagedGooglePlay", sync: "syncManagedGooglePlay" },
    entitySet: "androidManagedStoreAccountEnterpriseSettings",
    inputs: {},
    readsFirst: 1,
  },
];

/** An app of the emulator's default config, by its display name, as emulatorEnv takes it. */
export function app(emu: Emulator, displayName: string) {
  const found = emu.config.apps.find((a) => a.displayName === displayName)!;
  return { clientId: found.appId, secret: found.secrets![0] };
}

/**
 * One emulator for a file's tests, on the same virtual clock as the provider: a 10-minute rule is
 * stepped past, never waited for. Before each test: a clean log and faults, a fresh clock, and a fresh
 * provider context (no cached token, limit or warning). The app is intune-admin, which may sync every
 * action of the default tenants; `env` may be given another's.
 */
export function conformanceSuite(c?: Case, config: Record<string, unknown> = {}) {
  const suite = {
    emu: undefined as unknown as Emulator,
    clock: virtualClock(),
    warnings: [] as string[],
    /** The info lines the provider gave: one per accepted sync. */
    told: [] as string[],
    env: {} as Record<string, string>,
    tenantId: contoso,
  };
  before(async () => {
    suite.emu = await startEmulator({
      config: { ...defaultConfig(), syncCompletionMs: 0, ...config },
      clock: () => suite.clock.now(),
    });
    suite.env = emulatorEnv(suite.emu, app(suite.emu, "intune-admin"));
  });
  // For the actions the emulator runs on this clock, each test an hour after the last one's time, so
  // that what an earlier test synced holds no rule back and lies in the past. (The emulator's
  // connectors keep the real clock: ConnectorSync's tests keep it too.)
  const stepped = c?.entitySet !== undefined;
  let epoch = Date.now();
  beforeEach(() => {
    suite.emu.log.clear();
    suite.emu.faults.clear();
    if (stepped) epoch = Math.max(epoch, suite.clock.now()) + 3_600_000;
    suite.clock = virtualClock(stepped ? epoch : Date.now());
    suite.warnings = [];
    suite.told = [];
    const warn = async (message: string) => void suite.warnings.push(message);
    resetContext({ clock: suite.clock, warn, tell: async (message) => void suite.told.push(message) });
  });
  after(async () => {
    resetContext();
    await suite.emu?.stop();
  });
  const run = <T>(body: () => Promise<T>, env: Record<string, string | undefined> = suite.env) =>
    withEnv(env, body);
  /** check, then create, as the engine does for a new resource. */
  const create = (c: Case, news: Record<string, unknown>, env?: Record<string, string | undefined>) =>
    run(async () => {
      const { inputs, failures } = await c.provider.check({}, news);
      if (failures.length > 0) throw new Error(JSON.stringify(failures));
      return { inputs, ...(await c.provider.create(inputs)) };
    }, env);
  /** What the emulator's log holds of these routes, as "route status", in order. */
  const requests = () => suite.emu.log.entries().map((e) => `${e.route} ${e.status}`);
  return Object.assign(suite, { run, create, requests });
}
