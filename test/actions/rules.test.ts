// Each action's own rules, against the emulator, on a virtual clock shared by the provider and the
// emulator: a 10- or 15-minute interval is stepped through, never slept through.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig } from "../../emulator/config";
import { providerContext } from "../../provider/context";
import { type ConnectorSyncError, isConnectorSyncError } from "../../provider/errors";
import { type Case, cases, conformanceSuite } from "../conformance/cases";

const caseOf = (name: string) => cases.find((c) => c.action.name === name)!;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => assert.fail("it should have failed"),
    (error: unknown) => error as ConnectorSyncError & { properties?: { recorded: Record<string, unknown> } },
  );
const minutes = (ms: number) => ms / 60_000;
const sum = (waits: number[]) => waits.reduce((a, b) => a + b, 0);

/** Settings as `pulumi config set connectorSync:<name>` gives them, read by the provider's configure. */
const configure = (c: Case, settings: Record<string, string>) =>
  c.provider.configure({
    config: { get: (key: string) => settings[key.replace("connectorSync:", "")] },
  } as never);

for (const name of ["WindowsAutopilotSync", "DepOnboardingSync"]) {
  const c = caseOf(name);
  const interval = c.intervalMinutes!;
  describe(`${name}: at most one sync per ${interval} minutes`, () => {
    const suite = conformanceSuite(c);
    const syncs = () => suite.emu.log.entries({ route: c.routes.sync as never }).map((e) => e.status);

    it(`a sync younger than ${interval} minutes is waited out, with a progress line, then one sync is sent`, async () => {
      await suite.create(c, { ...c.inputs, triggers: [1] });
      suite.clock.waits.length = 0;
      await suite.clock.sleep(60_000);
      const lines: string[] = [];
      const said = console.error;
      console.error = (line: string) => void lines.push(line);
      try {
        const { outs } = await suite.create(c, { ...c.inputs, triggers: [2] });
        assert.equal(outs.recorded.syncCount, 1);
      } finally {
        console.error = said;
      }
      assert.deepEqual(syncs(), [204, 204], "one accepted sync each, and no request refused");
      assert.equal(
        minutes(sum(suite.clock.waits)),
        interval,
        "the interval, less the minute that had passed, and that minute",
      );
      assert.match(
        lines.join("\n"),
        new RegExp(`${name}: .* waits for .*${interval} minutes between syncs: \\d+ s to go`),
      );
    });

    it("a refusal the settings cannot explain is looked at again, each time twice as long, then fails as Graph's", async () => {
      suite.emu.faults.add({ route: c.routes.sync as never, responses: Array(20).fill({ status: 429 }) });
      const error = await failure(suite.create(c, { ...c.inputs, triggers: ["refused"] }));
      assert.ok(isConnectorSyncError(error, 429), String(error));
      assert.equal(error.code, "GraphError");
      assert.match(error.message, /request-id /);
      // 5, 10, 20, … s: eight refusals, the next wait (640 s) past the 900 s deadline.
      assert.deepEqual(syncs(), Array(8).fill(429));
      assert.equal(sum(suite.clock.waits), (5 + 10 + 20 + 40 + 80 + 160 + 320) * 1000);
    });

    it("a refusal that says when to come back (Retry-After) is throttling: every wait, the client's too, within the deadline", async () => {
      const throttled = { status: 429, retryAfter: 400 };
      suite.emu.faults.add({ route: c.routes.sync as never, responses: Array(20).fill(throttled) });
      const error = await failure(suite.create(c, { ...c.inputs, triggers: ["retry-after"] }));
      assert.ok(isConnectorSyncError(error, 429), String(error));
      assert.ok(sum(suite.clock.waits) <= 900_000, `${sum(suite.clock.waits)} ms of waits`);
      assert.ok(syncs().length >= 2, "retried as Graph said");
    });

    it("a rule that would hold it back past retryDeadlineSeconds fails, naming the rule, and sends nothing", async () => {
      await suite.create(c, c.inputs);
      suite.emu.log.clear();
      const error = await failure(
        suite.run(async () => {
          await configure(c, { retryDeadlineSeconds: "60" });
          const { inputs } = await c.provider.check({}, c.inputs);
          return c.provider.create(inputs);
        }),
      );
      assert.equal(error.code, "SyncHeldBack");
      assert.match(
        error.message,
        new RegExp(
          `held back by .*${interval} minutes between syncs.*retryDeadlineSeconds allows \\(60 s\\)`,
        ),
      );
      assert.deepEqual(syncs(), []);
    });

    for (const status of [409, 429]) {
      it(`a ${status} that comes anyway is waited out by the rule, not retried blindly: one sync accepted`, async () => {
        suite.emu.faults.add({ route: c.routes.sync as never, responses: [{ status }] });
        const { outs } = await suite.create(c, { ...c.inputs, triggers: [status] });
        assert.deepEqual(syncs(), [status, 204]);
        assert.equal(outs.recorded.syncCount, 1);
        assert.equal(
          suite.emu.log.count({ route: c.routes.get as never }),
          3,
          "read after the refusal (has a sync begun since?), and again after the wait",
        );
        assert.deepEqual(suite.clock.waits, [5_000], "one look again, 5 s later");
      });
    }
  });
}

describe("WindowsAutopilotSync: a sync in progress is waited out first", () => {
  const c = caseOf("WindowsAutopilotSync");
  const suite = conformanceSuite(c, { syncCompletionMs: 120_000 });

  it("waits for the running sync, then for the 10 minutes from its start, then syncs once", async () => {
    await suite.create(c, { ...c.inputs, triggers: [1] });
    suite.clock.waits.length = 0;
    const { outs } = await suite.create(c, { ...c.inputs, triggers: [2] });
    assert.equal(outs.recorded.syncCount, 1);
    const statuses = suite.emu.log.entries({ route: "syncWindowsAutopilotSettings" }).map((e) => e.status);
    assert.deepEqual(statuses, [204, 204]);
    // Polls every 5 s while it runs (2 minutes), then the rest of the 10 minutes from its trigger.
    assert.equal(minutes(sum(suite.clock.waits)), 10);
    assert.ok(suite.clock.waits.filter((w) => w === 5_000).length >= 24);
  });
});

describe("VppTokenSync: throttling is not its rule", () => {
  const c = caseOf("VppTokenSync");
  const suite = conformanceSuite(c);

  it("a 429 with no Retry-After is throttling for VPP: retried as any write, with no read between", async () => {
    suite.emu.faults.add({ route: "syncVppToken", responses: [{ status: 429 }] });
    const { outs } = await suite.create(c, { ...c.inputs, triggers: ["throttled"] });
    assert.deepEqual(
      suite.emu.log.entries({ route: "syncVppToken" }).map((e) => e.status),
      [429, 200],
    );
    assert.equal(suite.emu.log.count({ route: "getVppToken" }), 1);
    assert.equal(outs.recorded.syncCount, 1);
  });
});

describe("VppTokenSync: a license sync still running is waited out, then one sync is sent", () => {
  const c = caseOf("VppTokenSync");
  const suite = conformanceSuite(c, { syncCompletionMs: 60_000 });

  it("polls the token while it is inProgress, and sends its own sync once it ended", async () => {
    await suite.create(c, { ...c.inputs, triggers: [1] });
    suite.clock.waits.length = 0;
    const { outs } = await suite.create(c, { ...c.inputs, triggers: [2] });
    assert.equal(outs.recorded.syncCount, 1);
    assert.equal(suite.emu.log.count({ route: "syncVppToken" }), 2);
    assert.equal(minutes(sum(suite.clock.waits)), 1, "the minute the first sync took");
    assert.equal(
      suite.emu.log.count({ route: "getVppToken" }),
      1 + 1 + 12,
      "each create's read, and a read every 5 s",
    );
  });

  it("never keeps or shows the token's secret: not in the state, a refresh's or a warning", async () => {
    const { outs } = await suite.create(c, { ...c.inputs, waitForCompletion: true });
    const read = await suite.run(() => c.provider.read("id", outs));
    const seen = JSON.stringify([outs, read, suite.warnings]);
    assert.ok(!seen.includes("SECRET"), seen);
  });

  it("an expired token, or one that expires within expiryWarningDays, is unhealthy and warned of once", async () => {
    const expired = { vppTokenId: "contoso-vpp-2" };
    const { id, outs } = await suite.create(c, expired);
    assert.equal(outs.recorded.healthy, false);
    assert.equal(outs.recorded.expiresAt, "2025-12-01T00:00:00Z");
    await suite.run(() => c.provider.read(id, outs));
    const warnings = suite.warnings.filter((w) => w.startsWith("VppTokenSync: VPP token"));
    assert.equal(warnings.length, 1, "once per resource and deployment");
    assert.match(warnings[0], /state is "expired"; it expired on 2025-12-01/);
    const soon = new Date(suite.clock.now() + 10 * 86_400_000).toISOString();
    suite.emu.actions.set({
      entitySet: "vppTokens",
      tenantId: suite.tenantId,
      id: "contoso-vpp-1",
      fields: { expirationDateTime: soon },
    });
    const near = await suite.create(c, { ...c.inputs, expiryWarningDays: 30 });
    assert.equal(near.outs.recorded.healthy, false);
    const far = await suite.create(c, { ...c.inputs, triggers: [3], expiryWarningDays: 5 });
    assert.equal(far.outs.recorded.healthy, true);
  });
});

for (const c of cases.filter((c) => c.action.name !== "ConnectorSync")) {
  describe(`${c.action.name}: a sync the entity reports as failed`, () => {
    const suite = conformanceSuite(c);
    // Each test from a clean record: DEP's error code of an earlier test's failure would be read as stale.
    const clean = c.action.name === "DepOnboardingSync" ? { lastSyncErrorCode: 0 } : {};
    const set = (fields: Record<string, unknown>, nextSyncFails?: boolean) =>
      suite.emu.actions.set({
        entitySet: c.entitySet!,
        tenantId: suite.tenantId,
        id: c.id,
        fields,
        nextSyncFails,
      });

    it("fails the wait naming the value, with the sync recorded and pending, so the next up tries again", async () => {
      set(clean, true);
      const error = await failure(suite.create(c, { ...c.inputs, waitForCompletion: true }));
      assert.equal(error.code, "SyncFailed");
      assert.match(error.message, /was accepted, and then reported failed: \w+ /);
      assert.equal(error.properties?.recorded.syncCount, 1);
      assert.equal(error.properties?.recorded.syncPending, true);
      const recorded = error.properties?.recorded ?? {};
      assert.match(String((recorded.syncFailure as { reported?: string }).reported), /\w+ /);
    });

    it('under onFailure "warn" it warns, stays pending, and the next up syncs once more', async () => {
      set(clean, true);
      const { inputs, id, outs } = await suite.create(c, {
        ...c.inputs,
        waitForCompletion: true,
        onFailure: "warn",
      });
      assert.equal(outs.recorded.syncPending, true);
      assert.equal(outs.recorded.healthy, false);
      assert.match(suite.warnings.join("\n"), /failed and is pending/);
      suite.emu.log.clear();
      await suite.clock.sleep(3_600_000);
      const next = await suite.run(() => c.provider.update(id, outs, inputs));
      assert.equal(suite.emu.log.count({ route: c.routes.sync as never }), 1);
      assert.equal(next.outs.recorded.syncPending, false);
      assert.equal(next.outs.recorded.syncCount, 2);
    });

    it(`refuses apiVersion "v1.0" in check${c.action.endpoint.versions.includes("v1.0") ? " never: it is in v1.0" : ", saying why"}`, async () => {
      const { failures } = await suite.run(() => c.provider.check({}, { ...c.inputs, apiVersion: "v1.0" }));
      if (c.action.endpoint.versions.includes("v1.0")) assert.deepEqual(failures, []);
      else
        assert.match(
          failures[0]?.reason ?? "",
          /apiVersion is "v1.0": it must be 'beta': Graph has .* in beta only/,
        );
      assert.deepEqual(suite.requests(), []);
    });
  });
}

describe("ManagedGooglePlaySync: only with a binding", () => {
  const c = caseOf("ManagedGooglePlaySync");
  const suite = conformanceSuite(c);
  const fabrikam = "1b4c9d2e-7a3f-4e08-b6d5-5f2a8c9e0b02";

  it("refuses a tenant with no Managed Google Play binding: one read, no sync, the error says so", async () => {
    const error = await failure(suite.create(c, { tenantId: fabrikam }));
    assert.ok(isConnectorSyncError(error));
    assert.equal(error.code, "SyncRefused");
    assert.match(error.message, /no Managed Google Play binding \(bindStatus "notBound"\)/);
    assert.deepEqual(
      suite.requests().filter((r) => !r.startsWith("token") && !r.startsWith("openid")),
      ["getManagedGooglePlay 200"],
    );
  });

  it("is unhealthy when not bound, on a refresh", async () => {
    const { id, outs } = await suite.create(c, {});
    const read = await suite.run(() => c.provider.read(id, { ...outs, tenantId: fabrikam }));
    assert.equal(read.props?.recorded.healthy, false);
    const recorded: Record<string, unknown> = read.props?.recorded ?? {};
    assert.equal(recorded.bindStatus, "notBound");
    assert.match(
      suite.warnings.join("\n"),
      /ManagedGooglePlaySync: the Managed Google Play settings of tenant .* looks unhealthy: it is not bound/,
    );
  });
});

describe("a singleton a tenant does not have", () => {
  const c = caseOf("WindowsAutopilotSync");
  const [contoso, ...others] = defaultConfig().tenants;
  const { windowsAutopilotSettings: _, ...without } = contoso;
  const suite = conformanceSuite(c, { tenants: [without, ...others] });

  it("fails with Graph's 404 and advice for that tenant, sends no sync, and is never taken for gone", async () => {
    const error = await failure(suite.create(c, {}));
    assert.ok(isConnectorSyncError(error, 404));
    assert.equal(error.gone, undefined);
    assert.match(error.message, /has no Windows Autopilot settings: Graph answered 404 for its singleton/);
    assert.equal(suite.emu.log.count({ route: "syncWindowsAutopilotSettings" }), 0);
  });
});

describe("pacing", () => {
  const suite = conformanceSuite();

  it("keeps one pace per tenant and throttling group: enrollment and android for work apart", async () => {
    await suite.create(caseOf("VppTokenSync"), caseOf("VppTokenSync").inputs);
    await suite.create(caseOf("ManagedGooglePlaySync"), {});
    await suite.create(caseOf("ConnectorSync"), caseOf("ConnectorSync").inputs);
    assert.deepEqual([...providerContext().paces.keys()].sort(), [
      `${suite.tenantId} androidForWork`,
      `${suite.tenantId} enrollment`,
    ]);
  });
});

describe("DepOnboardingSync: Apple's error code has no time", () => {
  const c = caseOf("DepOnboardingSync");
  const suite = conformanceSuite(c, { syncCompletionMs: 3_600_000 });

  it("the same code as before the request is no news: the wait times out, counted and not pending", async () => {
    suite.emu.actions.set({
      entitySet: "depOnboardingSettings",
      tenantId: suite.tenantId,
      id: c.id,
      fields: { lastSyncErrorCode: 5 },
    });
    const wait = { timeoutSeconds: 60, pollIntervalSeconds: 5 };
    const error = await failure(suite.create(c, { ...c.inputs, waitForCompletion: wait }));
    assert.equal(error.code, "SyncTimeout");
    assert.match(error.message, /lastSyncErrorCode is 5/);
    assert.equal(error.properties?.recorded.syncCount, 1);
    assert.equal(error.properties?.recorded.syncPending, false);
  });
});
