import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exchangeConnector } from "../../provider/actions";
import * as core from "../../provider/core/check";
import * as diff from "../../provider/core/diff";

const { unknown } = core;
const { inputs } = exchangeConnector;
const inputNames = Object.keys(inputs) as (keyof typeof inputs)[];
const checkInputs = (news: Record<string, unknown>, context: core.CheckContext) =>
  core.checkInputs(exchangeConnector, news, context);
const withDefaults = (given: object) => diff.withDefaults(inputs, given);
const [replaceKeys, syncKeys, settingKeys] = (["replace", "sync", "setting"] as const).map((effect) =>
  diff.inputsOn(inputs, effect),
);

const tenant = "11111111-1111-1111-1111-111111111111";
const check = (news: Record<string, unknown>, context = { tenantId: tenant }) => checkInputs(news, context);
const reasons = (news: Record<string, unknown>) =>
  check(news).failures.map((f) => `${f.property}: ${f.reason}`);

describe("check", () => {
  it("stores what the program gave and the provider's tenant, and no default", () => {
    const { inputs, failures } = check({ connectorId: "c1" });
    assert.deepEqual(failures, []);
    // The tenant and the cloud as in effect, so that a change of the provider's setting is a change.
    assert.deepEqual(inputs, { connectorId: "c1", tenantId: tenant, cloud: "global" });
    // A default is applied where the input is used.
    assert.deepEqual(withDefaults(inputs), {
      connectorId: "c1",
      syncType: "deltaSync",
      apiVersion: "beta",
      cloud: "global",
      ignoreNotFound: false,
      waitForCompletion: false,
      tenantId: tenant,
      onFailure: "fail",
      staleAfterDays: 30,
    });
    // A value the program gives is stored, its default's value too.
    assert.deepEqual(check({ connectorId: "c1", syncType: "deltaSync" }).inputs, {
      connectorId: "c1",
      syncType: "deltaSync",
      tenantId: tenant,
      cloud: "global",
    });
  });

  it("takes the provider's cloud, and lets the resource override tenant and cloud", () => {
    assert.equal(
      checkInputs({ connectorId: "c" }, { tenantId: tenant, cloud: "china" }).inputs.cloud,
      "china",
    );
    const { inputs } = check({
      connectorId: "c",
      tenantId: "fabrikam.onmicrosoft.com",
      cloud: "usGovernment",
    });
    assert.equal(inputs.tenantId, "fabrikam.onmicrosoft.com");
    assert.equal(inputs.cloud, "usGovernment");
  });

  it("keeps syncType case-sensitive, as Graph does, and suggests the value meant", () => {
    for (const [given, meant] of [
      ["full", "fullSync"],
      ["FULLSYNC", "fullSync"],
      ["Delta", "deltaSync"],
    ]) {
      const [reason] = reasons({ connectorId: "c", syncType: given });
      assert.match(
        reason,
        new RegExp(`^syncType: syncType is "${given}": it must be 'fullSync' or 'deltaSync'`),
      );
      assert.match(reason, new RegExp(`Did you mean '${meant}'\\?$`));
    }
    assert.match(reasons({ connectorId: "c", syncType: "sometimes" })[0], /case-sensitive\)\.$/);
  });

  it("suggests only what the input itself could mean", () => {
    assert.doesNotMatch(reasons({ connectorId: "c", cloud: "v1" })[0], /Did you mean/);
    assert.doesNotMatch(reasons({ connectorId: "c", syncType: "china" })[0], /Did you mean/);
    assert.match(reasons({ connectorId: "c", apiVersion: "BETA" })[0], /Did you mean 'beta'\?$/);
    // The alias tables are Maps: a name Object.prototype has is no alias ("constructor" was once
    // answered "Did you mean 'function Object() { [native code] }'?"), for every enum input.
    const enums = inputNames.filter((name) => inputs[name].values !== undefined);
    assert.deepEqual(enums, ["syncType", "apiVersion", "cloud", "onFailure"]);
    for (const input of enums) {
      for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
        const [reason] = reasons({ connectorId: "c", [input]: name });
        assert.ok(reason.startsWith(`${input}: ${input} is "${name}": it must be `), reason);
        assert.doesNotMatch(reason, /Did you mean|function|native code|\[object/, `${input}: ${name}`);
      }
    }
    for (const name of inputNames) {
      const { aliases } = inputs[name] as { aliases?: unknown };
      assert.ok(aliases === undefined || aliases instanceof Map, name);
    }
  });

  it("gives every input one effect of a change, and the diff follows it", () => {
    assert.deepEqual(replaceKeys, ["connectorId", "tenantId", "cloud"]);
    assert.deepEqual(syncKeys, ["syncType", "triggers"]);
    assert.deepEqual(settingKeys, [
      "apiVersion",
      "waitForCompletion",
      "ignoreNotFound",
      "onFailure",
      "staleAfterDays",
    ]);
    assert.deepEqual([...replaceKeys, ...syncKeys, ...settingKeys].sort(), [...inputNames].sort());
  });

  it("names each bad input, its value and what is allowed", () => {
    assert.match(
      reasons({ connectorId: "c", apiVersion: "v1" })[0],
      /apiVersion is "v1".*'beta' or 'v1.0'.*Did you mean 'v1.0'/,
    );
    assert.match(
      reasons({ connectorId: "c", cloud: "AzureChinaCloud" })[0],
      /one of global, usGovernment.*Did you mean 'china'/,
    );
    assert.match(
      reasons({ connectorId: "c", tenantId: "not a tenant" })[0],
      /^tenantId: .*a tenant id \(GUID\)/,
    );
    assert.match(reasons({ connectorId: "c", ignoreNotFound: "yes" })[0], /^ignoreNotFound: .*true or false/);
    assert.match(reasons({ connectorId: "c", triggers: "v2" })[0], /^triggers: .*an array or an object/);
    assert.match(reasons({ connectorId: "a/b" })[0], /^connectorId: connectorId is "a\/b"/);
    assert.match(
      reasons({ connectorId: "c", onFailure: "Warning" })[0],
      /^onFailure: onFailure is "Warning": it must be 'fail' or 'warn'. Did you mean 'warn'\?$/,
    );
    for (const days of [0, -1, 3651, Number.NaN, "30"]) {
      assert.match(
        reasons({ connectorId: "c", staleAfterDays: days })[0],
        /^staleAfterDays: .*a number of days above 0 and at most 3650/,
      );
    }
    assert.equal(check({ connectorId: "c", staleAfterDays: 0.5 }).inputs.staleAfterDays, 0.5);
    assert.match(reasons({})[0], /^connectorId: connectorId is required/);
  });

  it("takes a connectorId only as one plain URL path segment", () => {
    for (const id of [
      "7a2f0a50-3c3e-4d7c-9b8f-6b1f2e4c9d01",
      "contoso-connector-1",
      "a.b",
      "...",
      "a_b~c",
      "x".repeat(128),
    ]) {
      assert.deepEqual(reasons({ connectorId: id }), [], id);
    }
    const refused = [
      ".",
      "..",
      "%2e%2e",
      "a%2Fb",
      "a\\b",
      "..\\sync",
      "a/b",
      "a?b",
      "a#b",
      "a b",
      " a",
      "",
      "a\u0000",
      "a\n",
      "\u001b[31m",
      "caf\u00e9",
      "\u0430bc",
      "x".repeat(129),
      "a:b",
      "a@b",
      "a;b",
    ];
    for (const id of refused) {
      const [reason] = reasons({ connectorId: id });
      // A long value is shown cut short.
      const json = JSON.stringify(id);
      const shown = json.length > 120 ? `${json.slice(0, 120)}…` : json;
      assert.ok(reason?.startsWith(`connectorId: connectorId is ${shown}: it must be the id`), id);
      assert.match(reason, /not '\.' or '\.\.'\.$/);
    }
  });

  it("refuses credentials as inputs, so that they never reach the state", () => {
    const [reason] = reasons({ connectorId: "c", clientSecret: "s3cret-value" });
    assert.match(reason, /^clientSecret: 'clientSecret' is not an input: credentials are provider settings/);
    assert.doesNotMatch(reason, /s3cret-value/);
  });

  it("says where a tenant can come from when there is none", () => {
    const { failures } = checkInputs({ connectorId: "c" }, {});
    assert.equal(failures[0].property, "tenantId");
    assert.match(failures[0].reason, /connectorSync:tenantId.*AZURE_TENANT_ID/);
  });

  it("normalizes waitForCompletion to false or both numbers", () => {
    assert.deepEqual(check({ connectorId: "c", waitForCompletion: true }).inputs.waitForCompletion, {
      timeoutSeconds: 300,
      pollIntervalSeconds: 5,
    });
    assert.deepEqual(
      check({ connectorId: "c", waitForCompletion: { timeoutSeconds: 60 } }).inputs.waitForCompletion,
      {
        timeoutSeconds: 60,
        pollIntervalSeconds: 5,
      },
    );
    assert.match(
      reasons({ connectorId: "c", waitForCompletion: { timeoutSeconds: 0 } })[0],
      /^waitForCompletion: waitForCompletion is an object with key "timeoutSeconds": it must be/,
    );
    assert.match(
      reasons({ connectorId: "c", waitForCompletion: { timeoutSeconds: 5, pollIntervalSeconds: 10 } })[0],
      /pollIntervalSeconds\?: number from 1 to timeoutSeconds/,
    );
  });

  it("lets unknown values through during preview", () => {
    const { inputs, failures } = check({ connectorId: unknown, syncType: unknown, triggers: [unknown] });
    assert.deepEqual(failures, []);
    assert.equal(inputs.connectorId, unknown);
    assert.deepEqual(inputs.triggers, [unknown]);
  });
});
