import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { adminPaths, controlRoutes } from "../../emulator/admin";
import { defaultConfig } from "../../emulator/config";
import { InvalidControl } from "../../emulator/control-schema";
import { faultCaps } from "../../emulator/faults";
import { fixtures } from "../../support/emulator";
import { call, postSync, tokenFor } from "../support/https";

describe("the control API: for the holder of the emulator's token alone, and bounded", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  const sync = () => postSync(emu, f.connectorsA[0], writer);

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0 } });
    f = fixtures(emu);
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
  });
  after(() => emu?.stop());

  it("every control route refuses a caller without the token, or with another, with a 401 that repeats nothing", async () => {
    const other = await startEmulator();
    try {
      assert.notEqual(other.controlToken, emu.controlToken, "one token per start");
      assert.match(emu.controlToken, /^[\w-]{43}$/, "256 random bits");
      const refusals: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${other.controlToken}` },
        { authorization: `Basic ${Buffer.from(`x:${emu.controlToken}`).toString("base64")}` },
        { authorization: emu.controlToken },
        { authorization: `Bearer ${writer}` },
      ];
      for (const { methods, path } of controlRoutes) {
        for (const headers of refusals) {
          const [method] = methods;
          const body = method === "POST" ? { json: {} } : {};
          const answer = await call(emu, method, path, { headers, controlToken: false, ...body });
          const sent = JSON.stringify(headers);
          assert.equal(answer.status, 401, `${method} ${path} ${sent}`);
          assert.equal(
            answer.headers["www-authenticate"],
            'Bearer realm="intune-graph-emulator control API"',
          );
          assert.equal(answer.body.error.code, "Unauthorized");
          for (const secret of [emu.controlToken, other.controlToken, writer]) {
            assert.ok(!answer.text.includes(secret), "the refusal repeats no token");
          }
        }
      }
    } finally {
      await other.stop();
    }
  });

  it("a refused control call changes nothing, and the emulator goes on serving", async () => {
    emu.log.clear();
    assert.equal((await sync()).status, 204);
    const denied = { controlToken: false as const };
    const fault = { route: "sync", responses: [{ status: 503 }] };
    assert.equal((await call(emu, "POST", adminPaths.faults, { ...denied, json: fault })).status, 401);
    assert.equal((await call(emu, "POST", adminPaths.revokeTokens, denied)).status, 401);
    assert.equal((await call(emu, "DELETE", adminPaths.log, denied)).status, 401);
    assert.equal((await call(emu, "GET", adminPaths.log, denied)).status, 401);
    assert.equal((await sync()).status, 204, "no fault added, the token not revoked");
    assert.equal(emu.log.count({ route: "sync", status: 204 }), 2, "the log not cleared");
    const served = await call(emu, "GET", `${adminPaths.log}?route=sync`);
    assert.deepEqual([served.status, served.body.value.length], [200, 2], "the token's holder is served");
  });

  it("the in-process API needs no token, and a fault over HTTP takes effect with it", async () => {
    emu.faults.add({ route: "sync", responses: [{ status: 502 }] });
    assert.equal((await sync()).status, 502);
    const added = await call(emu, "POST", adminPaths.faults, {
      json: { route: "sync", responses: [{ status: 504 }] },
    });
    assert.equal(added.status, 204);
    assert.equal((await sync()).status, 504);
  });

  it(`holds at most ${faultCaps.rules} fault rules: one more is a 409 (in the process a thrown error), until cleared`, async () => {
    const rule = {
      route: "getConnector" as const,
      connectorId: "nothing-matches",
      responses: [{ status: 503 }],
    };
    for (let i = 0; i < faultCaps.rules - 1; i++) emu.faults.add(rule);
    assert.equal(
      (await call(emu, "POST", adminPaths.faults, { json: rule })).status,
      204,
      "the last one fits",
    );
    const over = await call(emu, "POST", adminPaths.faults, { json: rule });
    assert.equal(over.status, 409);
    assert.equal(over.body.error.code, "Conflict");
    assert.match(over.body.error.message, /holds 1000 fault rules .* at most 1000 rules/);
    assert.throws(
      () => emu.faults.add(rule),
      (error: unknown) => error instanceof InvalidControl && error.status === 409,
    );
    assert.equal((await sync()).status, 204, "the emulator goes on serving");
    assert.equal((await call(emu, "DELETE", adminPaths.faults)).status, 204);
    assert.equal((await call(emu, "POST", adminPaths.faults, { json: rule })).status, 204);
    emu.faults.clear();
  });

  it(`holds at most ${faultCaps.responses} scripted answers across its rules`, () => {
    const many = { route: "getConnector" as const, connectorId: "nothing-matches" };
    const tenThousand = Array.from({ length: 10_000 }, () => ({ status: 503 }));
    for (let i = 0; i < faultCaps.responses / tenThousand.length; i++) {
      emu.faults.add({ ...many, responses: tenThousand });
    }
    assert.throws(() => emu.faults.add({ ...many, responses: [{ status: 503 }] }), /100000 answers/);
    emu.faults.clear();
    emu.faults.add({ ...many, responses: tenThousand });
    emu.faults.clear();
  });
});
