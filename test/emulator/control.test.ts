import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { call, postSync, tokenFor } from "../support/https";

describe("the emulator's faults, log and start-up", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  const sync = (id: string, token = writer) => postSync(emu, id, token);

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0 } });
    f = fixtures(emu);
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
  });
  after(() => emu?.stop());

  it("plays a scripted sequence once: 429 with Retry-After in seconds and as an HTTP date, then 5xx", async () => {
    emu.faults.add({
      route: "sync",
      responses: [
        { status: 429, retryAfter: 7 },
        { status: 429, retryAfter: "http-date:30" },
        { status: 500 },
        { status: 502 },
        { status: 503 },
        { status: 504 },
      ],
    });
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await sync(f.connectorsA[0]));
    assert.deepEqual(
      answers.map((a) => a.status),
      [429, 429, 500, 502, 503, 504, 204],
    );
    assert.equal(answers[0].headers["retry-after"], "7");
    const date = Date.parse(String(answers[1].headers["retry-after"]));
    assert.ok(date > Date.now() + 25_000 && date <= Date.now() + 31_000, "an HTTP date about 30 s ahead");
    assert.equal(answers[0].body.error.code, "TooManyRequests");
  });

  it("scopes a fault to a tenant and a connector", async () => {
    emu.faults.add({ route: "sync", connectorId: f.connectorsA[1], responses: [{ status: 503 }] });
    assert.equal((await sync(f.connectorsA[0])).status, 204);
    assert.equal((await sync(f.connectorsA[1])).status, 503);
    emu.faults.add({ route: "sync", tenantId: f.tenantB, responses: [{ status: 503 }] });
    assert.equal((await sync(f.connectorsA[1])).status, 204, "tenant A is not affected");
    emu.faults.clear();
  });

  it("drops a connection without an answer, and logs it with status 0", async () => {
    emu.log.clear();
    emu.faults.add({ route: "sync", responses: [{ drop: true }] });
    await assert.rejects(sync(f.connectorsA[0]), /socket hang up|ECONNRESET/);
    assert.deepEqual(
      emu.log.entries({ route: "sync" }).map((e) => [e.status, e.fault]),
      [[0, "scripted"]],
    );
  });

  it("delays an answer, then answers as usual", async () => {
    emu.faults.add({ route: "sync", responses: [{ delayMs: 300 }] });
    const started = Date.now();
    assert.equal((await sync(f.connectorsA[0])).status, 204);
    assert.ok(Date.now() - started >= 300);
  });

  it("random faults at a rate are reproducible from their seed", async () => {
    const run = async () => {
      emu.faults.clear();
      emu.faults.add({ route: "sync", rate: 0.3, seed: 42, responses: [{ status: 503 }, { status: 500 }] });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await sync(f.connectorsA[2])).status);
      return statuses;
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.some((s) => s !== 204) && first.some((s) => s === 204));
    emu.faults.clear();
  });

  it("throttles per tenant and app with a token bucket, answering 429 with Retry-After", async () => {
    emu.faults.throttle({ capacity: 2, refillPerSecond: 0.01 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await sync(f.connectorsA[0]));
    assert.deepEqual(
      statuses.map((a) => a.status),
      [204, 204, 429],
    );
    assert.equal(statuses[2].headers["retry-after"], "100");
    const otherTenant = await tokenFor(emu, f.tenantB, f.writer.clientId, f.writer.secret);
    assert.equal(
      (await sync(f.connectorsB[0], otherTenant)).status,
      204,
      "another tenant has its own bucket",
    );
    emu.faults.throttle(undefined);
  });

  it("a scripted 429 without retryAfter has no Retry-After header, as Intune sometimes answers", async () => {
    emu.faults.add({ route: "sync", responses: [{ status: 429 }] });
    const answer = await sync(f.connectorsA[0]);
    assert.deepEqual([answer.status, answer.headers["retry-after"]], [429, undefined]);
  });

  it("the throttle can say when to come back as an HTTP date, or not at all", async () => {
    emu.faults.throttle({ capacity: 1, refillPerSecond: 0.01, retryAfter: "omit" });
    const omitted = [await sync(f.connectorsA[0]), await sync(f.connectorsA[0])];
    assert.deepEqual(
      omitted.map((a) => [a.status, a.headers["retry-after"]]),
      [
        [204, undefined],
        [429, undefined],
      ],
    );
    await call(emu, "POST", "/_emulator/throttle", {
      json: { capacity: 1, refillPerSecond: 0.01, retryAfter: "http-date" },
    });
    const dated = [await sync(f.connectorsA[0]), await sync(f.connectorsA[0])];
    assert.equal(dated[1].status, 429);
    const date = Date.parse(String(dated[1].headers["retry-after"]));
    assert.ok(date > Date.now() + 95_000 && date <= Date.now() + 101_000, "an HTTP date about 100 s ahead");
    emu.faults.throttle(undefined);
  });

  it("refuses limits it cannot keep, naming the setting", async () => {
    await assert.rejects(
      startEmulator({ limits: { headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 } }),
      /The emulator's limits are wrong: headersTimeoutMs: must not be longer than requestTimeoutMs\./,
    );
    await assert.rejects(startEmulator({ limits: { maxBodyBytes: 0 } }), /maxBodyBytes: Too small/);
  });

  it("logs without secrets or tokens, and serves the log over its admin route", async () => {
    emu.log.clear();
    await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    await sync(f.connectorsA[0]);
    const text = JSON.stringify(emu.log.entries());
    assert.ok(!text.includes(f.writer.secret));
    assert.ok(!text.includes(writer));
    const served = await call(emu, "GET", "/_emulator/log?route=sync&status=204");
    assert.deepEqual(
      served.body.value.map((e: { connectorId: string }) => e.connectorId),
      [f.connectorsA[0]],
    );
    await call(emu, "POST", "/_emulator/faults", { json: { route: "sync", responses: [{ status: 503 }] } });
    assert.equal((await sync(f.connectorsA[0])).status, 503);
    await call(emu, "POST", "/_emulator/throttle", { json: { capacity: 1, refillPerSecond: 0.01 } });
    assert.deepEqual(
      [(await sync(f.connectorsA[0])).status, (await sync(f.connectorsA[0])).status],
      [204, 429],
    );
    assert.equal((await call(emu, "DELETE", "/_emulator/throttle")).status, 204);
    assert.equal((await sync(f.connectorsA[0])).status, 204);
    assert.equal((await call(emu, "DELETE", "/_emulator/log")).status, 204);
    assert.equal(emu.log.count(), 0);
  });

  it("refuses to listen anywhere but loopback", async () => {
    await assert.rejects(startEmulator({ host: "0.0.0.0" }), /only on loopback/);
  });

  it("needs no openssl: it starts with nothing on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const bare = await startEmulator();
      try {
        assert.equal(new X509Certificate(readFileSync(bare.caCertPath)).ca, true);
      } finally {
        await bare.stop();
      }
    } finally {
      process.env.PATH = path;
    }
  });
});
