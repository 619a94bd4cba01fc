import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { memo, providerContext, resetContext, settingsKey } from "../../provider/context";
import { systemClock } from "../../provider/graph/retry";
import { connectorSyncProvider as provider } from "../../provider/lifecycle";
import { readSettings } from "../../provider/settings";

const config = (values: Record<string, string>) => ({
  get: (key: string) => values[key],
  require: (key: string) => values[key],
});

describe("the provider's context", () => {
  afterEach(() => resetContext());

  it("makes a cached value once per key", () => {
    const cache = new Map<string, number>();
    let made = 0;
    const make = () => ++made;
    assert.equal(memo(cache, "a", make), 1);
    assert.equal(memo(cache, "a", make), 1);
    assert.equal(memo(cache, "b", make), 2);
    assert.equal(made, 2);
  });

  it("starts afresh on reset, with nothing cached", () => {
    const before = providerContext();
    before.limits.set("tenant", (task) => task());
    const after = resetContext();
    assert.notEqual(after, before);
    assert.equal(providerContext(), after);
    assert.equal(after.limits.size, 0);
    assert.equal(after.settings, undefined);
    assert.equal(after.clock, systemClock);
  });

  it("is started afresh by configure, with its settings, keeping the clock", async () => {
    const clock = { now: () => 0, sleep: async () => {} };
    const tokens = { get: async () => ({ token: "token", cached: true }), renew: async () => "token" };
    resetContext({ clock }).tokenSources.set("credential", tokens);
    await provider.configure({ config: config({ "connectorSync:retryDeadlineSeconds": "10" }) });
    assert.equal(providerContext().tokenSources.size, 0);
    assert.equal(providerContext().settings?.retryDeadlineSeconds, 10);
    assert.equal(providerContext().clock, clock);
  });

  it("discovery keys its contexts by a digest of the settings, which never holds the secret", () => {
    const secret = "s3cret-value-in-settings";
    const read = (env: NodeJS.ProcessEnv) =>
      readSettings(undefined, { AZURE_CLIENT_ID: "5d1c7f0e-3b2a-4c6d-8e9f-a1b2c3d4e5f6", ...env });
    const key = settingsKey(read({ AZURE_CLIENT_SECRET: secret }));
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.ok(!key.includes(secret));
    assert.equal(
      settingsKey(read({ AZURE_CLIENT_SECRET: secret })),
      key,
      "the same settings, the same context",
    );
    assert.notEqual(
      settingsKey(read({ AZURE_CLIENT_SECRET: `${secret}2` })),
      key,
      "a changed secret, another",
    );
  });
});
