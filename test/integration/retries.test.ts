import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { integrationSuite } from "./fixture";

describe("retries and the token cache", () => {
  const suite = integrationSuite();
  const sync = (connectorId: string) => suite.create({ connectorId, triggers: [Math.random()] });
  const statuses = () => suite.emu.log.entries({ route: "sync" }).map((e) => e.status);

  it("five resources in one tenant, at once, cost one token request", async () => {
    const { emu, f } = suite;
    const outs = await Promise.all([0, 1, 2, 0, 1].map(async (i) => (await sync(f.connectorsA[i])).outs));
    assert.deepEqual(
      outs.map((o) => o.recorded.syncCount),
      [1, 1, 1, 1, 1],
    );
    assert.equal(emu.log.count({ route: "token" }), 1);
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 5);
  });

  it("honours Retry-After in seconds and as an HTTP date, then succeeds", async () => {
    const { emu, f } = suite;
    emu.faults.add({
      route: "sync",
      responses: [
        { status: 429, retryAfter: 1 },
        { status: 503, retryAfter: "http-date:1" },
      ],
    });
    const { outs } = await sync(f.connectorsA[0]);
    assert.deepEqual(statuses(), [429, 503, 204]);
    assert.equal(outs.recorded.syncCount, 1);
    const [seconds, date, ...more] = suite.clock.waits;
    assert.equal(seconds, 1000);
    // An HTTP date has whole seconds, and the clock moved on by the first wait.
    assert.ok(date >= 0 && date <= 1000, `waited ${date} ms for the date`);
    assert.equal(more.length, 0);
  });

  /** Runs a create of one connector with these settings as stack config; the error it fails with. */
  const failureWith = (config: Record<string, string>, connectorId: string) => {
    const get = (key: string) => config[key];
    return suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      return suite.createFailure({ connectorId });
    });
  };

  /** Each wait no shorter than the one before, and within its step: 1 s, then 1-2 s, 2-4 s, 4-8 s… */
  const assertGrowing = (waits: number[]) => {
    for (const [i, ms] of waits.entries()) {
      assert.ok(ms >= Math.max(1000, 500 * 2 ** i) && ms <= 1000 * 2 ** i, `wait ${i}: ${ms} ms`);
      if (i > 0) assert.ok(ms >= waits[i - 1], `wait ${i} (${ms} ms) is shorter than the one before`);
    }
    assert.ok(waits[waits.length - 1] > waits[0], `the waits grew: ${waits.join(", ")} ms`);
  };

  it("a 429 with no Retry-After: backs off exponentially from 1 s, then succeeds", async () => {
    const { emu, f } = suite;
    // A scripted 429 with no retryAfter is sent with no Retry-After header at all.
    emu.faults.add({ route: "sync", responses: [{ status: 429 }, { status: 429 }, { status: 429 }] });
    const { outs } = await sync(f.connectorsA[0]);
    assert.deepEqual(statuses(), [429, 429, 429, 204]);
    assert.equal(outs.recorded.syncCount, 1);
    assert.equal(suite.clock.waits.length, 3);
    assert.equal(suite.clock.waits[0], 1000, "the first wait is the floor of 1 s");
    assertGrowing(suite.clock.waits);
  });

  it("Graph's throttle with no Retry-After: growing waits until connectorSync:maxAttempts, then the 429", async () => {
    const { emu, f } = suite;
    // One request, then a token back only after 1,000 s: every retry meets the throttle.
    emu.faults.throttle({ capacity: 1, refillPerSecond: 0.001, retryAfter: "omit" });
    try {
      assert.equal((await sync(f.connectorsA[0])).outs.recorded.syncCount, 1);
      const error = await failureWith({ "connectorSync:maxAttempts": "5" }, f.connectorsA[1]);
      assert.ok(error instanceof ConnectorSyncError, String(error));
      assert.deepEqual(statuses(), [204, 429, 429, 429, 429, 429]);
      assert.equal(error.status, 429);
      assert.equal(error.attempts, 5);
      assert.equal(error.graphCode, "TooManyRequests");
      assert.equal(suite.clock.waits.length, 4);
      assertGrowing(suite.clock.waits);
      assert.match(error.message, /connectorSync:maxConcurrentRequests/);
    } finally {
      emu.faults.throttle();
    }
  });

  it("retries a dropped connection and 500, 502 and 504, with backoff", async () => {
    const { emu, f } = suite;
    emu.faults.add({
      route: "sync",
      responses: [{ drop: true }, { status: 500 }, { status: 502 }, { status: 504 }],
    });
    await sync(f.connectorsA[1]);
    assert.deepEqual(statuses(), [0, 500, 502, 504, 204]);
    assert.equal(suite.clock.waits.length, 4);
    assertGrowing(suite.clock.waits);
  });

  it("gives up at the deadline with the ids Microsoft support asks for", async () => {
    const { emu, f } = suite;
    emu.faults.add({ route: "sync", responses: Array(5).fill({ status: 429, retryAfter: 30 }) });
    const config = { "connectorSync:retryDeadlineSeconds": "10" } as Record<string, string>;
    const get = (key: string) => config[key];
    const error = await suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      return suite.createFailure({ connectorId: f.connectorsA[2] });
    });
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.status, 429);
    assert.equal(statuses().length, 1, "a 30 s wait would pass the 10 s deadline, so no second attempt");
    assert.deepEqual(suite.clock.waits, []);
    assert.match(error.message, /connectorSync:retryDeadlineSeconds/);
  });

  for (const retryAfter of [0, "http-date:-60"] as const) {
    it(`waits at least a second and stops after 10 attempts when every answer is a 429 with Retry-After ${retryAfter}`, async () => {
      const { emu, f } = suite;
      emu.faults.add({ route: "sync", responses: Array(50).fill({ status: 429, retryAfter }) });
      const error = await failureWith({}, f.connectorsA[0]);
      assert.ok(error instanceof ConnectorSyncError, String(error));
      assert.equal(statuses().length, 10);
      assert.deepEqual(suite.clock.waits, Array(9).fill(1000));
      assert.equal(error.status, 429);
      assert.equal(error.attempts, 10);
      assert.match(
        error.summary,
        /^Graph answered 429 for connector '.*' in tenant .* after 10 attempts, the most it may make$/,
      );
      assert.match(error.message, /connectorSync:maxAttempts/);
    });
  }

  it("makes no more attempts than connectorSync:maxAttempts, and says which answer was the last", async () => {
    const { emu, f } = suite;
    emu.faults.add({
      route: "sync",
      responses: [{ status: 503 }, { status: 429 }, { status: 502 }, { status: 503 }],
    });
    const error = await failureWith({ "connectorSync:maxAttempts": "3" }, f.connectorsA[1]);
    assert.ok(error instanceof ConnectorSyncError);
    assert.deepEqual(statuses(), [503, 429, 502]);
    assert.equal(error.status, 502);
    assert.equal(error.attempts, 3);
    assert.match(error.summary, /^Graph answered 502 .* after 3 attempts, the most it may make$/);
  });
});
