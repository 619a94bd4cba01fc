import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { emulatorEnv, fixtures, quickEmulator, withEnv } from "../../support/emulator";

describe("retries and the token cache", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  const sync = async (connectorId: string, extra: Record<string, string> = {}) =>
    withEnv({ ...emulatorEnv(emu), ...extra }, async () => {
      const { inputs } = await provider.check({}, { connectorId, triggers: [Math.random()] });
      return (await provider.create(inputs)).outs;
    });
  const statuses = () => emu.log.entries({ route: "sync" }).map((e) => e.status);

  before(async () => {
    emu = await quickEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("five resources in one tenant, at once, cost one token request", async () => {
    const outs = await Promise.all([0, 1, 2, 0, 1].map((i) => sync(f.connectorsA[i])));
    assert.deepEqual(
      outs.map((o) => o.syncCount),
      [1, 1, 1, 1, 1],
    );
    assert.equal(emu.log.count({ route: "token" }), 1);
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 5);
  });

  it("honours Retry-After in seconds and as an HTTP date, then succeeds", async () => {
    emu.log.clear();
    emu.faults.add({
      route: "sync",
      responses: [
        { status: 429, retryAfter: 1 },
        { status: 503, retryAfter: "http-date:1" },
      ],
    });
    const outs = await sync(f.connectorsA[0]);
    assert.deepEqual(statuses(), [429, 503, 204]);
    assert.equal(outs.syncCount, 1);
  });

  it("retries a dropped connection and 500, 502 and 504", async () => {
    emu.log.clear();
    emu.faults.add({
      route: "sync",
      responses: [{ drop: true }, { status: 500 }, { status: 502 }, { status: 504 }],
    });
    await sync(f.connectorsA[1]);
    assert.deepEqual(statuses(), [0, 500, 502, 504, 204]);
  });

  it("gives up at the deadline with the ids Microsoft support asks for", async () => {
    emu.log.clear();
    emu.faults.add({ route: "sync", responses: Array(5).fill({ status: 429, retryAfter: 30 }) });
    const error = await withEnv(emulatorEnv(emu), async () => {
      await provider.configure({
        config: { get: (key: string) => ({ "connectorSync:retryDeadlineSeconds": "10" })[key] },
      } as any);
      const { inputs } = await provider.check({}, { connectorId: f.connectorsA[2] });
      return provider.create(inputs).then(
        () => undefined,
        (e) => e,
      );
    });
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.status, 429);
    assert.equal(statuses().length, 1, "a 30 s wait would pass the 10 s deadline, so no second attempt");
    assert.match(error.message, /connectorSync:retryDeadlineSeconds/);
    emu.faults.clear();
  });
});
