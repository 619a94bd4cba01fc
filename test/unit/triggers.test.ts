import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exchangeConnector } from "../../provider/actions";
import * as core from "../../provider/core/check";

const { isUnknown, unknown } = core;
const checkInputs = (news: Record<string, unknown>, context: core.CheckContext) =>
  core.checkInputs(exchangeConnector, news, context);

import { triggerLimits } from "../../provider/triggers";

const context = { tenantId: "11111111-1111-1111-1111-111111111111" };
/** The reasons check gives for these triggers; check itself must not throw. */
const reasons = (triggers: unknown) =>
  checkInputs({ connectorId: "c", triggers }, context).failures.map((f) => `${f.property}: ${f.reason}`);

/** An array nested `levels` deep: [[[...]]]. */
function nested(levels: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

const allowed = "at most 32 levels deep and 32 KiB (32768 bytes) as canonical JSON.";

describe("triggers' bounds", () => {
  it("are 32 levels and 32 KiB of canonical JSON", () => {
    assert.deepEqual(triggerLimits, { depth: 32, bytes: 32768 });
  });

  it("take 32 levels, and refuse 33, naming triggers and the depth measured", () => {
    assert.deepEqual(reasons(nested(32)), []);
    const [reason] = reasons(nested(33));
    assert.match(
      reason,
      /^triggers: triggers is .* \(nested 33 levels deep\): it must be an array or an object/,
    );
    assert.ok(reason.endsWith(allowed), reason);
  });

  it("refuse a value nested thousands of levels deep with a reason, not a RangeError", () => {
    assert.match(reasons(nested(4000))[0], /^triggers: .*\(nested 4000 levels deep\)/);
    assert.match(reasons(nested(100_000))[0], /^triggers: .*\(nested at least 32768 levels deep\)/);
  });

  it("take 32 KiB of canonical JSON, and refuse a byte more, naming the size measured", () => {
    // {"k":"…"} is 8 bytes around the string.
    assert.deepEqual(reasons({ k: "x".repeat(32768 - 8) }), []);
    const [reason] = reasons({ k: "x".repeat(32768 - 7) });
    assert.match(
      reason,
      /^triggers: triggers is an object with key "k" \(32769 bytes as canonical JSON\): it must be/,
    );
  });

  it("refuse 200,000 elements with the size measured, not a RangeError", () => {
    const [reason] = reasons(Array.from({ length: 200_000 }, (_, i) => i));
    assert.match(
      reason,
      /^triggers: triggers is an array of 200000 elements \(1288891 bytes as canonical JSON\)/,
    );
  });

  it("never show what they hold, which may be a secret the program made", () => {
    const secret = "pr0gram-made-s3cret";
    const cases: unknown[] = [
      { token: secret, pad: "x".repeat(40_000) },
      [secret, "x".repeat(40_000)],
      Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, secret.repeat(2_000)])),
      secret,
      12,
    ];
    const said = cases.map((value) => reasons(value)[0]);
    for (const reason of said) assert.ok(reason && !reason.includes(secret), reason);
    assert.match(said[0], /^triggers: triggers is an object with keys "token", "pad" \(40040 bytes/);
    assert.match(said[1], /^triggers: triggers is an array of 2 elements \(40026 bytes/);
    assert.match(
      said[2],
      /^triggers: triggers is an object with keys "k0", "k1", "k2", "k3", "k4" and 2 more \(/,
    );
    assert.match(said[3], /^triggers: triggers is a string of 19 characters: it must be/);
    assert.match(said[4], /^triggers: triggers is a number: it must be/);
  });

  it("refuse a value that shares one object so often that its JSON would be huge, quickly", () => {
    let value: unknown = { leaf: 1 };
    for (let i = 0; i < 30; i++) value = { a: value, b: value };
    assert.match(reasons(value)[0], /^triggers: .*\(over 32768 bytes as canonical JSON\)/);
  });

  it("refuse a value that refers to itself (a direct call; the engine's RPC cannot carry one)", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.match(
      reasons(cyclic)[0],
      /^triggers: triggers is an object with keys "a", "self" \(it refers to itself\)/,
    );
    const list: unknown[] = [1];
    list.push([list]);
    assert.match(reasons(list)[0], /\(it refers to itself\)/);
    assert.equal(isUnknown(cyclic), false);
  });

  it("take the same object twice, which is no cycle", () => {
    const shared = { v: 1 };
    assert.deepEqual(reasons({ a: shared, b: [shared, shared] }), []);
  });

  it("let an unknown value through during preview, however deep", () => {
    const value = nested(40);
    (value as unknown[]).push(unknown);
    const { failures } = checkInputs({ connectorId: "c", triggers: value }, context);
    assert.deepEqual(failures, []);
  });
});
