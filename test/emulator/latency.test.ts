import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig, loadConfig } from "../../emulator/config";
import { Latency } from "../../emulator/latency";
import { fixtures } from "../../support/emulator";
import { call, postSync, tokenFor } from "../support/https";

// What seedrandom draws for these seeds: a change of generator or formula shows here first.
const seeded = { seed: 7, graph: { medianMs: 50, jitterMs: 20 }, token: { medianMs: 30, jitterMs: 10 } };
const seed7Graph = [58, 52, 42, 67, 69];
const seed7Token = [33];

/** The answer, and how long it took by the real clock. */
async function timed<T>(send: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = performance.now();
  const answer = await send();
  return { answer, ms: performance.now() - started };
}

describe("the emulator's latency model", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  const sync = () => postSync(emu, f.connectorsA[0], writer, "deltaSync");
  const drawn = (route: "sync" | "token") => emu.log.entries({ route }).map((e) => e.latencyMs);

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0, latency: seeded } });
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("delays each answer by the value drawn from its family's seeded generator, and logs it", async () => {
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    const took: number[] = [];
    for (let i = 0; i < seed7Graph.length; i++) {
      const { answer, ms } = await timed(sync);
      assert.equal(answer.status, 204);
      took.push(ms);
    }
    assert.deepEqual(drawn("token"), seed7Token);
    assert.deepEqual(drawn("sync"), seed7Graph);
    // Node's timers count whole milliseconds, so a wait may end up to 1 ms short by a finer clock.
    for (const [i, ms] of took.entries()) assert.ok(ms >= seed7Graph[i] - 1, `answer ${i} took ${ms} ms`);
  });

  it("leaves the routes outside the families alone", async () => {
    emu.log.clear();
    await call(emu, "GET", "/oidc/.well-known/openid-configuration");
    assert.deepEqual(
      emu.log.entries().map((e) => [e.route, e.latencyMs]),
      [["oidc", undefined]],
    );
  });

  it("a fault's delay comes on top of the latency", async () => {
    emu.latency.set({ graph: { medianMs: 40, jitterMs: 0 } });
    emu.faults.add({ route: "sync", responses: [{ delayMs: 100 }] });
    const { answer, ms } = await timed(sync);
    assert.equal(answer.status, 204);
    assert.ok(ms >= 139, `took ${ms} ms`);
  });

  it("is set at run time in the process and over the admin route alike, each start replaying the seed", async () => {
    const model = { seed: 3, graph: { medianMs: 20, jitterMs: 10 } };
    const run = async () => {
      emu.log.clear();
      for (let i = 0; i < 3; i++) assert.equal((await sync()).status, 204);
      return drawn("sync");
    };
    emu.latency.set(model);
    assert.deepEqual(await run(), [27, 20, 17]);
    assert.equal((await call(emu, "POST", "/_emulator/latency", { json: model })).status, 204);
    assert.deepEqual(await run(), [27, 20, 17]);
    assert.deepEqual(emu.latency.model, { seed: 3, graph: { medianMs: 20, jitterMs: 10 } });
    assert.equal((await call(emu, "DELETE", "/_emulator/latency")).status, 204);
    assert.deepEqual(await run(), [undefined, undefined, undefined]);
    emu.latency.clear();
  });

  it("refuses a model it cannot keep with a 400 naming the field, and keeps the one it had", async () => {
    emu.latency.set({ graph: { medianMs: 10 } });
    const refusals: [unknown, RegExp][] = [
      [{ graph: { medianMs: 10, jitterMs: 20 } }, /graph\.jitterMs: must not be more than medianMs/],
      [{ graph: { medianMs: -1 } }, /graph\.medianMs: Too small/],
      [{ token: { medianMs: 1.5 } }, /token\.medianMs: .*int/i],
      [{ dns: { medianMs: 10 } }, /Unrecognized key: "dns"/],
      [{ seed: "x" }, /seed: .*number/],
    ];
    for (const [body, problem] of refusals) {
      const answer = await call(emu, "POST", "/_emulator/latency", { json: body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, problem);
      assert.match(answer.body.error.message, /A latency is \{seed\?/);
      assert.throws(() => emu.latency.set(body as any), problem);
    }
    assert.equal((await call(emu, "POST", "/_emulator/latency", { raw: "{nope" })).status, 400);
    assert.equal((await call(emu, "POST", "/_emulator/latency")).status, 400, "DELETE clears it");
    assert.deepEqual(emu.latency.model, { graph: { medianMs: 10, jitterMs: 0 } });
    emu.latency.clear();
  });
});

describe("the latency model's draws and config", () => {
  it("stays within median ± jitter, never negative, in whole milliseconds, around the median", () => {
    const latency = new Latency({ seed: 9, graph: { medianMs: 100, jitterMs: 100 } });
    const draws = Array.from({ length: 10_001 }, () => latency.draw("getConnector")!).sort((a, b) => a - b);
    assert.deepEqual([draws[0], draws.at(-1)], [0, 200]);
    assert.ok(draws.every(Number.isInteger));
    assert.ok(Math.abs(draws[5_000] - 100) <= 5, `median ${draws[5_000]}`);
    assert.equal(latency.draw("token"), undefined, "no token latency set");
  });

  it("is none by default, and a wrong one in a config stops the start, naming the file and the field", async () => {
    assert.deepEqual(loadConfig().latency, {});
    assert.equal(new Latency(loadConfig().latency).draw("sync"), undefined);
    const file = join(mkdtempSync(join(tmpdir(), "emu-latency-")), "emulator.json");
    writeFileSync(file, JSON.stringify({ latency: { token: { medianMs: 5, jitterMs: 6 } } }));
    assert.throws(
      () => loadConfig(file),
      new RegExp(`The config file ${file} has a wrong latency\\. Invalid latency: token\\.jitterMs`),
    );
    await assert.rejects(
      startEmulator({ config: { latency: { graph: { medianMs: "slow" as any } } } }),
      /The config has a wrong latency\. Invalid latency: graph\.medianMs/,
    );
  });
});
