import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createProxy, type ProxyServer } from "proxy";
import { ConnectorSyncError } from "../../provider";
import { type Env, integrationSuite } from "./fixture";

// One proxy policy for tokens and Graph: HTTPS_PROXY and NO_PROXY, as proxy-from-env reads them.
describe("behind a proxy", () => {
  const suite = integrationSuite();
  let proxy: ProxyServer;
  let proxyUrl: string;
  /** The target of each CONNECT the proxy received, and its Proxy-Authorization. */
  const connects: { target: string; authorization?: string }[] = [];

  before(async () => {
    proxy = createProxy(createServer());
    proxy.on("connect", (req: IncomingMessage) => {
      connects.push({ target: String(req.url), authorization: req.headers["proxy-authorization"] });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  /**
   * The emulator's settings, with Graph reached as localhost and Entra ID as
   * 127.0.0.1, so that the proxy's CONNECTs tell the sync from the token request.
   */
  function proxied(env: Env): Env {
    connects.length = 0;
    proxy.authenticate = undefined;
    const none = { https_proxy: undefined, all_proxy: undefined, ALL_PROXY: undefined, no_proxy: undefined };
    const graph = suite.emu.graphEndpoint.replace("127.0.0.1", "localhost");
    return { ...suite.env, ...none, NO_PROXY: undefined, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph, ...env };
  }
  const port = () => new URL(suite.emu.graphEndpoint).port;
  const sync = (env: Env) =>
    suite.create({ connectorId: suite.f.connectorsA[0], triggers: [Math.random()] }, env);

  it("carries the token request and the sync through the proxy by CONNECT, trusting the emulator's CA inside", async () => {
    const { outs } = await sync(proxied({ HTTPS_PROXY: proxyUrl }));
    assert.equal(outs.recorded.syncCount, 1);
    const targets = new Set(connects.map((c) => c.target));
    assert.deepEqual([...targets].sort(), [`127.0.0.1:${port()}`, `localhost:${port()}`]);
    assert.equal(suite.emu.log.count({ route: "token", status: 200 }), 1);
    assert.equal(suite.emu.log.count({ route: "sync", status: 204 }), 1);
  });

  it("honours NO_PROXY: no CONNECT at all", async () => {
    const { outs } = await sync(proxied({ HTTPS_PROXY: proxyUrl, NO_PROXY: "localhost,127.0.0.1" }));
    assert.equal(outs.recorded.syncCount, 1);
    assert.equal(connects.length, 0);
  });

  it("sends a loopback proxy its password, and shows it nowhere when the proxy refuses", async () => {
    const expected = `Basic ${Buffer.from("deploy:pr0xy-pass").toString("base64")}`;
    const url = (password: string) => proxyUrl.replace("//", `//deploy:${password}@`);
    let env = proxied({ HTTPS_PROXY: url("pr0xy-pass") });
    proxy.authenticate = (req) => req.headers["proxy-authorization"] === expected;
    const { outs } = await sync(env);
    assert.equal(outs.recorded.syncCount, 1);
    assert.ok(connects.length > 0 && connects.every((c) => c.authorization === expected));

    env = proxied({ HTTPS_PROXY: url("wr0ng-pass") });
    proxy.authenticate = (req) => req.headers["proxy-authorization"] === expected;
    const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0], triggers: [1] }, env);
    assert.ok(error instanceof ConnectorSyncError, String(error));
    const shown = `${error.message}\n${JSON.stringify(error)}`;
    assert.ok(!shown.includes("wr0ng-pass") && !shown.includes("deploy:"), shown);
    assert.equal(suite.emu.log.count({ route: "sync" }), 1, "only the first sync reached Graph");
  });

  it("refuses a proxy that would get its password in clear, before any request, without showing it", async () => {
    const env = proxied({ HTTPS_PROXY: "http://deploy:s3cret-pass@proxy.example:3128" });
    const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0] }, env);
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "InvalidSetting");
    assert.equal(error.setting, "HTTPS_PROXY");
    assert.ok(
      error.summary.startsWith(
        "HTTPS_PROXY is 'http://[redacted]@proxy.example:3128': a proxy's password is never sent over plain http",
      ),
      error.summary,
    );
    assert.ok(!`${error.message}${JSON.stringify(error)}`.includes("s3cret-pass"));
    assert.equal(suite.emu.log.count(), 0);
    assert.equal(connects.length, 0);
  });
});
