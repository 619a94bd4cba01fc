import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConnectorSyncError } from "../../provider/errors";
import { proxyFor } from "../../provider/graph/proxy";
import { withEnv } from "../../support/emulator";

const none = { https_proxy: undefined, HTTPS_PROXY: undefined, all_proxy: undefined, ALL_PROXY: undefined };
const clear = { ...none, no_proxy: undefined, NO_PROXY: undefined };
/** The proxy for `url` with these variables set and every other proxy variable unset. */
const proxyWith = (env: Record<string, string>, url = "https://graph.microsoft.com") =>
  withEnv({ ...clear, ...env }, async () => proxyFor(url)?.href);

describe("the proxy for a request", () => {
  it("is HTTPS_PROXY, else ALL_PROXY, lower case first, unless NO_PROXY names the host", async () => {
    assert.equal(await proxyWith({}), undefined);
    assert.equal(await proxyWith({ HTTPS_PROXY: "http://proxy.example:3128" }), "http://proxy.example:3128/");
    assert.equal(await proxyWith({ ALL_PROXY: "http://all.example:1" }), "http://all.example:1/");
    const both = { https_proxy: "http://lower.example:1", HTTPS_PROXY: "http://upper.example:1" };
    assert.equal(await proxyWith(both), "http://lower.example:1/");
    const proxy = { HTTPS_PROXY: "http://proxy.example:3128" };
    assert.equal(await proxyWith({ ...proxy, NO_PROXY: ".microsoft.com" }), undefined);
    assert.equal(await proxyWith({ ...proxy, NO_PROXY: "graph.microsoft.com:443" }), undefined);
    assert.equal(
      await proxyWith({ ...proxy, NO_PROXY: "graph.microsoft.com:8443" }),
      "http://proxy.example:3128/",
    );
    assert.equal(await proxyWith({ ...proxy, NO_PROXY: "*" }), undefined);
  });

  it("may hold a password over https, or on loopback", async () => {
    assert.equal(
      await proxyWith({ HTTPS_PROXY: "https://u:p@proxy.example:443" }),
      "https://u:p@proxy.example/",
    );
    assert.equal(await proxyWith({ HTTPS_PROXY: "http://u:p@127.0.0.1:3128" }), "http://u:p@127.0.0.1:3128/");
  });

  it("is refused, naming its variable and never its password, when it would get the password in clear or is no proxy", async () => {
    const refused = async (env: Record<string, string>, variable: string, summary: string) =>
      assert.rejects(proxyWith(env), (error: ConnectorSyncError) => {
        assert.equal(error.code, "InvalidSetting");
        assert.equal(error.setting, variable);
        assert.equal(error.summary, summary);
        assert.ok(!error.message.includes("s3cret"), error.message);
        return true;
      });
    await refused(
      { HTTPS_PROXY: "http://deploy:s3cret@proxy.example:3128" },
      "HTTPS_PROXY",
      "HTTPS_PROXY is 'http://[redacted]@proxy.example:3128': a proxy's password is never sent over plain http",
    );
    await refused(
      { all_proxy: "socks5://proxy.example:1080" },
      "all_proxy",
      "all_proxy is 'socks5://proxy.example:1080': it must be http or https",
    );
    await refused(
      { HTTPS_PROXY: "http://deploy:s3cret@[" },
      "HTTPS_PROXY",
      "HTTPS_PROXY is '(not shown)': it is not a URL",
    );
  });
});
