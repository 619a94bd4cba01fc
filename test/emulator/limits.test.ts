import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Emulator, intunePublishedLimits, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { type Answer, call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";
const role = "DeviceManagementServiceConfig.ReadWrite.All";

/** The default directory, with two more apps holding the write role in both tenants. */
function threeWriters() {
  const config = { ...defaultConfig(), syncCompletionMs: 0 };
  const [a, b] = config.tenants.map((t) => t.tenantId);
  for (const n of [2, 3]) {
    config.apps.push({
      appId: `00000000-0000-4000-8000-00000000000${n}`,
      secrets: [`writer-${n}-secret`],
      roles: { [a]: [role], [b]: [role] },
    });
  }
  return config;
}

describe("Intune's published limits: a sliding window over writes, on the emulator's clock", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  // The window reads this clock: a test moves it on instead of waiting.
  let now = Date.parse("2026-03-02T09:00:00Z");
  const at = (ms: number) => {
    now = start + ms;
  };
  let start = now;
  /** Tokens of writers 1 to 3, in tenants A and B. */
  const tokens: Record<string, string> = {};
  const post = (writer: number, tenant: "A" | "B" = "A") =>
    call(emu, "POST", `${connectors}/${tenant === "A" ? f.connectorsA[0] : f.connectorsB[0]}/sync`, {
      token: tokens[`${writer}${tenant}`],
      json: { syncType: "deltaSync" },
    });
  const statuses = (answers: Answer[]) => answers.map((a) => [a.status, a.headers["retry-after"]]);
  const posts = async (writer: number, n: number, tenant: "A" | "B" = "A") => {
    const answers = [];
    for (let i = 0; i < n; i++) answers.push(await post(writer, tenant));
    return answers;
  };

  before(async () => {
    emu = await startEmulator({ config: threeWriters(), clock: () => now });
    f = fixtures(emu);
    const apps = emu.config.apps.filter((app) => Object.values(app.roles ?? {})[0]?.includes(role));
    for (const [i, app] of apps.entries()) {
      for (const [tenant, id] of [
        ["A", f.tenantA],
        ["B", f.tenantB],
      ]) {
        tokens[`${i + 1}${tenant}`] = await tokenFor(emu, id, app.appId, app.secrets![0]);
      }
    }
  });
  beforeEach(() => {
    start = now += 3_600_000; // an hour on: every window of the previous test has passed
    emu.faults.limits(undefined);
    emu.faults.throttle(undefined);
    emu.log.clear();
  });
  after(() => emu?.stop());

  it("publishes Microsoft's numbers", () => {
    assert.deepEqual(
      { ...intunePublishedLimits },
      { windowSeconds: 20, perAppPerTenant: 100, perTenant: 200 },
    );
  });

  it("the 4th write within 1 s is a 429 in Intune's envelope, GETs are not counted, and the window reopens on time", async () => {
    emu.faults.limits({ windowSeconds: 1, perAppPerTenant: 3 });
    const answers = [await post(1)];
    at(100);
    for (let i = 0; i < 5; i++) {
      assert.equal((await call(emu, "GET", connectors, { token: tokens["1A"] })).status, 200);
    }
    at(200);
    answers.push(await post(1));
    at(300);
    answers.push(await post(1), await post(1));
    at(999);
    answers.push(await post(1));
    at(1_000); // the first write leaves the window
    answers.push(await post(1), await post(1));
    assert.deepEqual(statuses(answers), [
      [204, undefined],
      [204, undefined],
      [204, undefined],
      [429, "1"],
      [429, "1"],
      [204, undefined],
      [429, "1"],
    ]);
    assert.equal(answers[3].body.error.code, "TooManyRequests");
    assert.equal(JSON.parse(answers[3].body.error.message)._version, 3, "Intune's envelope");
    assert.equal(emu.log.count({ route: "sync", status: 429 }), 3);
  });

  it("Retry-After is the whole seconds until the oldest counted write leaves the window", async () => {
    emu.faults.limits({ windowSeconds: 20, perAppPerTenant: 3 });
    for (const ms of [0, 5_000, 10_000]) {
      at(ms);
      assert.equal((await post(1)).status, 204);
    }
    const waits: unknown[] = [];
    for (const ms of [12_500, 15_200, 19_999]) {
      at(ms);
      waits.push((await post(1)).headers["retry-after"]);
    }
    assert.deepEqual(waits, ["8", "5", "1"]);
    at(20_000);
    assert.equal((await post(1)).status, 204, "the refused writes were not counted");
  });

  it("over both limits, Retry-After waits for the later of the two", async () => {
    emu.faults.limits({ windowSeconds: 20, perAppPerTenant: 2, perTenant: 3 });
    assert.equal((await post(2)).status, 204);
    for (const ms of [5_000, 10_000]) {
      at(ms);
      assert.equal((await post(1)).status, 204);
    }
    at(12_000);
    // The tenant's oldest (writer 2's) leaves at 20 s, writer 1's own oldest at 25 s.
    assert.deepEqual(statuses([await post(1), await post(3)]), [
      [429, "13"],
      [429, "8"],
    ]);
    at(20_000);
    assert.deepEqual(statuses([await post(1), await post(3)]), [
      [429, "5"],
      [204, undefined],
    ]);
  });

  it("counts each app in each tenant apart, and a tenant's writes across its apps", async () => {
    emu.faults.limits({ windowSeconds: 1, perAppPerTenant: 3, perTenant: 5 });
    const first = [...(await posts(1, 4)), ...(await posts(1, 4, "B"))];
    assert.deepEqual(
      first.map((a) => a.status),
      [204, 204, 204, 429, 204, 204, 204, 429],
    );
    at(400);
    const second = [...(await posts(2, 3)), ...(await posts(3, 1)), ...(await posts(3, 1, "B"))];
    assert.deepEqual(statuses(second), [
      [204, undefined],
      [204, undefined],
      [429, "1"], // tenant A holds 5 writes from two apps
      [429, "1"],
      [204, undefined],
    ]);
    at(1_000); // writer 1's three in tenant A leave
    assert.deepEqual(
      (await posts(3, 4)).map((a) => a.status),
      [204, 204, 204, 429],
    );
  });

  it("holds at Intune's published numbers: 100 per app, 200 per tenant, in 20 s", async () => {
    emu.faults.limits(intunePublishedLimits);
    const burst = (writer: number) => Promise.all(Array.from({ length: 101 }, () => post(writer)));
    const counts = async (writer: number) => {
      const answers = await burst(writer);
      return [204, 429].map((s) => answers.filter((a) => a.status === s).length);
    };
    assert.deepEqual(await counts(1), [100, 1]);
    assert.deepEqual(await counts(2), [100, 1]);
    at(19_999);
    const third = await post(3);
    assert.deepEqual([third.status, third.headers["retry-after"]], [429, "1"]);
    assert.equal((await post(1, "B")).status, 204, "another tenant is not held");
  });

  it("comes before the token bucket, which may run beside it", async () => {
    emu.faults.limits({ windowSeconds: 20, perAppPerTenant: 3 });
    emu.faults.throttle({ capacity: 2, refillPerSecond: 0.01 });
    const answers = await posts(1, 4);
    // The third passes the window (and is counted there) and meets an empty bucket.
    assert.deepEqual(statuses(answers), [
      [204, undefined],
      [204, undefined],
      [429, "100"],
      [429, "20"],
    ]);
    // The log says which gave each 429, so that a benchmark counts the limits' own.
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => e.fault),
      [undefined, undefined, "throttle", "limits"],
    );
    const served = await call(emu, "GET", "/_emulator/log?route=sync&status=429&fault=limits");
    assert.equal(served.body.value.length, 1);
  });

  it("is set and cleared over the admin route as in the process, and refuses what it cannot use, naming the field", async () => {
    const set = await call(emu, "POST", "/_emulator/limits", { json: { windowSeconds: 1, perTenant: 1 } });
    assert.equal(set.status, 204);
    assert.deepEqual([(await post(1)).status, (await post(2)).status], [204, 429]);
    assert.equal((await call(emu, "DELETE", "/_emulator/limits")).status, 204);
    assert.equal((await post(2)).status, 204);
    const refusals: [unknown, RegExp][] = [
      [{ windowSeconds: 0, perTenant: 1 }, /windowSeconds: Too small/],
      [{ windowSeconds: 20 }, /perAppPerTenant: give perAppPerTenant, perTenant or both/],
      [{ windowSeconds: 20, perTenant: 2.5 }, /perTenant: .*int/i],
      [{ windowSeconds: 20, perTenant: 2, perApp: 1 }, /Unrecognized key: "perApp"/],
    ];
    for (const [body, problem] of refusals) {
      const answer = await call(emu, "POST", "/_emulator/limits", { json: body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, problem);
      assert.match(answer.body.error.message, /Limits are \{windowSeconds/);
      assert.throws(() => emu.faults.limits(body as any), problem);
    }
    assert.equal((await call(emu, "POST", "/_emulator/limits")).status, 400, "DELETE turns them off");
    assert.deepEqual([(await post(2)).status, (await post(2)).status], [204, 204], "nothing refused was set");
  });
});
