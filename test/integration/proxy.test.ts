import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import {
  type AddressInfo,
  connect,
  createServer as createNetServer,
  type Server,
  type Socket,
} from "node:net";
import { after, before, describe, it } from "node:test";
import { createProxy, type ProxyServer } from "proxy";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
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

// A proxy that answers a CONNECT itself, with bytes of its own choosing, is never taken for the
// server behind it: any status but 200 fails the request as a NetworkError, and nothing is parsed.
describe("behind a proxy that forges its answer to CONNECT", () => {
  const suite = integrationSuite();
  let server: Server;
  let proxyUrl: string;
  /** What the proxy answers a CONNECT to `target` with (its bytes, or what it does); undefined tunnels it. */
  let forge: (target: string) => string | ((client: Socket) => void) | undefined = () => undefined;
  const targets: string[] = [];
  const sockets = new Set<Socket>();

  before(async () => {
    server = createNetServer((client) => {
      sockets.add(client);
      let head = "";
      const onData = (chunk: Buffer) => {
        head += chunk.toString("latin1");
        if (!head.includes("\r\n\r\n")) return;
        client.off("data", onData);
        const target = head.split(" ")[1];
        targets.push(target);
        const forged = forge(target);
        if (typeof forged === "function") return forged(client);
        if (forged !== undefined) return void client.end(forged);
        const [host, port] = [
          target.slice(0, target.lastIndexOf(":")),
          target.slice(target.lastIndexOf(":") + 1),
        ];
        const upstream = connect(Number(port), host, () => {
          client.write("HTTP/1.1 200 Connection established\r\n\r\n");
          upstream.pipe(client).pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
      };
      client.on("data", onData);
      client.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  // The provider's agent keeps its tunnels alive: they are cut, so that the proxy can close.
  after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Graph as localhost, Entra ID as 127.0.0.1, both through the forging proxy. */
  function env(): Env {
    targets.length = 0;
    const graph = suite.emu.graphEndpoint.replace("127.0.0.1", "localhost");
    const none = { https_proxy: undefined, all_proxy: undefined, ALL_PROXY: undefined, no_proxy: undefined };
    return {
      ...suite.env,
      ...none,
      NO_PROXY: undefined,
      HTTPS_PROXY: proxyUrl,
      CONNECTOR_SYNC_GRAPH_ENDPOINT: graph,
    };
  }
  const answer = (status: string, body = "") =>
    `HTTP/1.1 ${status}\r\nrequest-id: forged-by-the-proxy\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const toGraph = (status: string, body?: string) => (target: string) =>
    target.startsWith("localhost:") ? answer(status, body) : undefined;
  const refusedConnect = (error: unknown, status: number) => {
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "NetworkError");
    assert.equal(error.networkCode, "EPROXYCONNECT");
    assert.ok(error.summary.endsWith(`the proxy refused CONNECT: ${status}`), error.summary);
    assert.ok(!error.message.includes("forged-by-the-proxy"), error.message);
  };

  it("fails a sync whose CONNECT the proxy answered 204, and records no sync", async () => {
    forge = toGraph("204 No Content");
    const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0], triggers: [1] }, env());
    refusedConnect(error, 204);
    assert.equal(
      suite.emu.log.count({ route: "token", status: 200 }),
      1,
      "the token came through the tunnel",
    );
    assert.equal(suite.emu.log.count({ route: "sync" }), 0);
  });

  it("fails a refresh whose CONNECT the proxy answered 404, instead of dropping the resource", async () => {
    // Created directly, so that no tunnel from the create is kept alive for the refresh.
    const { id, outs } = await suite.create({ connectorId: suite.f.connectorsA[0] });
    forge = toGraph(
      "404 Not Found",
      JSON.stringify({ error: { code: "ResourceNotFound", message: "gone" } }),
    );
    const error = await suite.run(
      () =>
        provider.read(id, outs).then(
          () => undefined,
          (e: unknown) => e,
        ),
      env(),
    );
    refusedConnect(error, 404);
  });

  it("reads at most 16 KiB of the proxy's answer, then fails the request and closes the proxy's socket", async () => {
    let written = 0;
    let closed: () => void = () => undefined;
    const proxyClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const endless = (client: Socket) => {
      client.on("close", () => closed());
      const more = () => {
        while (!client.destroyed && written < 64 * 1024 * 1024) {
          written += 16 * 1024;
          if (!client.write(`X-Pad: ${"p".repeat(16 * 1024 - 10)}\r\n`))
            return void client.once("drain", more);
        }
      };
      client.write("HTTP/1.1 200 OK\r\n");
      more();
    };
    forge = (target) => (target.startsWith("localhost:") ? endless : undefined);
    const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0] }, env());
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.networkCode, "EPROXYCONNECT");
    assert.match(error.summary, /the proxy refused CONNECT: an answer over 16 KiB$/);
    // The close reaches the proxy's side a moment after the client gave up; bounded, in case it never does.
    const late = new Promise<string>((resolve) => setTimeout(resolve, 5000, "still open").unref());
    assert.equal(await Promise.race([proxyClosed.then(() => "closed"), late]), "closed");
    assert.ok(written < 16 * 1024 * 1024, `the proxy wrote ${written} bytes before its socket closed`);
  });

  it("never posts the client secret to a token endpoint that a forged 203 named", async () => {
    const captured: string[] = [];
    const capture = createNetServer((socket) => {
      captured.push("connection");
      socket.destroy();
    });
    await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
    const trap = `https://127.0.0.1:${(capture.address() as AddressInfo).port}`;
    const tenant = suite.f.tenantA;
    const metadata = JSON.stringify({
      // MSAL checks that the issuer is the authority's; the token endpoint it does not.
      issuer: `${suite.emu.authorityHost}/${tenant}/v2.0`,
      token_endpoint: `${trap}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${trap}/${tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${trap}/keys`,
      end_session_endpoint: `${trap}/logout`,
    });
    forge = (target) =>
      target.startsWith("127.0.0.1:") && !target.endsWith(trap.split(":")[2])
        ? answer("203 Non-Authoritative Information", metadata)
        : undefined;
    try {
      const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0] }, env());
      assert.ok(error instanceof ConnectorSyncError, String(error));
      assert.equal(error.code, "NetworkError");
      assert.equal(error.networkCode, "EPROXYCONNECT");
      assert.match(error.summary, /^Could not get a Graph token \(.*\): the proxy refused CONNECT: 203$/);
      assert.deepEqual(captured, [], "nothing reached the forged token endpoint");
      assert.ok(!targets.some((t) => t.endsWith(trap.split(":")[2])), targets.join(", "));
      assert.equal(suite.emu.log.count({ route: "token" }), 0);
      assert.equal(suite.emu.log.count({ route: "sync" }), 0);
    } finally {
      await new Promise<void>((resolve) => capture.close(() => resolve()));
    }
  });
});
