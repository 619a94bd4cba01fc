import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exchangeConnector } from "../../provider/actions";
import { unknown } from "../../provider/core/check";
import * as core from "../../provider/core/diff";

const { canonical } = core;
const diffInputs = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  core.diffInputs(exchangeConnector.inputs, olds, news);
const needsSync = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  core.needsSync(exchangeConnector.inputs, olds, news);

const olds = {
  connectorId: "c1",
  syncType: "deltaSync",
  triggers: { policy: 3, owner: "platform" },
  tenantId: "t1",
  apiVersion: "beta",
  cloud: "global",
  waitForCompletion: false,
  ignoreNotFound: false,
  // Outputs and the serialized provider are in the old state, and must not count.
  syncCount: 1,
  lastRequestId: "r1",
  __provider: "exports.handler = old",
};
const news = (change: Record<string, unknown>) => ({
  ...olds,
  syncCount: undefined,
  __provider: "new",
  ...change,
});

describe("diff", () => {
  it("sees no change when only outputs or the provider's code differ", () => {
    assert.deepEqual(diffInputs(olds, news({})), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  for (const key of ["connectorId", "tenantId", "cloud"]) {
    it(`replaces when ${key} changes`, () => {
      const result = diffInputs(olds, news({ [key]: "other" }));
      assert.deepEqual(result, { changes: true, replaces: [key], deleteBeforeReplace: false });
    });
  }

  it("updates with a sync when syncType or triggers change, or are unknown", () => {
    for (const change of [
      { syncType: "fullSync" },
      { triggers: { policy: 4, owner: "platform" } },
      { triggers: unknown },
    ]) {
      assert.deepEqual(diffInputs(olds, news(change)).replaces, []);
      assert.equal(diffInputs(olds, news(change)).changes, true);
      assert.equal(needsSync(olds, news(change)), true);
    }
  });

  it("updates without a sync when only how to call changes", () => {
    for (const change of [
      { apiVersion: "v1.0" },
      { waitForCompletion: { timeoutSeconds: 9 } },
      { ignoreNotFound: true },
      { onFailure: "warn" },
      { staleAfterDays: 7 },
    ]) {
      assert.equal(diffInputs(olds, news(change)).changes, true);
      assert.equal(needsSync(olds, news(change)), false);
    }
  });

  it("sees no change in an input added since the state was written, while it keeps its default", () => {
    const now = news({ onFailure: "fail", staleAfterDays: 30 });
    assert.equal(diffInputs(olds, now).changes, false);
    assert.equal(diffInputs(olds, { ...now, onFailure: "warn" }).changes, true);
  });

  it("sees no change between a state written with its defaults and inputs that leave them out", () => {
    const sparse = { connectorId: "c1", triggers: olds.triggers, tenantId: "t1" };
    for (const [before, after] of [
      [olds, sparse],
      [sparse, olds],
    ]) {
      assert.equal(diffInputs(before, after).changes, false);
      assert.equal(needsSync(before, after), false);
    }
    // Leaving out a value that is not the default is a change: the input goes back to its default.
    const full = { ...olds, syncType: "fullSync" };
    assert.equal(needsSync(full, sparse), true);
    assert.equal(diffInputs(full, sparse).changes, true);
  });

  it("ignores the order of keys in triggers, at every depth", () => {
    const reordered = news({ triggers: { owner: "platform", policy: 3 } });
    assert.equal(diffInputs(olds, reordered).changes, false);
    assert.equal(
      canonical({ b: [1, { d: 1, c: 2 }], a: null }),
      canonical({ a: null, b: [1, { c: 2, d: 1 }] }),
    );
    assert.notEqual(canonical([1, 2]), canonical([2, 1]));
    assert.equal(canonical(undefined), canonical(null));
  });
});
