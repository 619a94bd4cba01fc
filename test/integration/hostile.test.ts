import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeServerTls } from "../../emulator/tls";
import { ConnectorSyncError } from "../../provider";
import { integrationSuite } from "./fixture";
import { answer, stubGraph } from "./stub";

// A server (or a proxy in front of it) that echoes what it was sent, and writes escapes.
describe("what a hostile Graph says", () => {
  const suite = integrationSuite();

  it("reaches the error with tokens, credentials, escapes and control characters gone, and cut short", async () => {
    const graph = await stubGraph((request, res) => {
      const sent = String(request.headers.authorization);
      const message = [
        `You sent ${sent}.`,
        `Or as a pair: access_token=${sent.slice(7)}&client_secret=s3cret-value&assertion=${sent.slice(7)}`,
        "\u001b[2J\u001b[31mscreen cleared\u001b[0m\r\nInjected-Header: yes",
        "\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007",
        "z".repeat(5000),
      ].join(" ");
      const code = `Denied\u001b[31m ${sent}`;
      answer(res, 400, { error: { code, message, innerError: { "request-id": `rid\r\n${sent}` } } });
    });
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const error = await suite.createFailure({ connectorId: "c1" }, env);
      assert.ok(error instanceof ConnectorSyncError, String(error));
      const token = String(graph.requests[0].headers.authorization).slice("Bearer ".length);
      assert.match(token, /^eyJ/, "the stand-in saw the real token");
      const shown = `${error.message}\n${JSON.stringify(error)}`;
      assert.ok(!shown.includes(token), "no token");
      assert.ok(!shown.includes(token.split(".")[1]), "no part of the token");
      assert.ok(!shown.includes("s3cret-value"), "no secret");
      const controls = [...shown.replaceAll("\n", " ")].filter(
        (c) => c < " " || (c >= "\u007f" && c <= "\u009f"),
      );
      assert.deepEqual(controls, [], "no escape or control character");
      assert.doesNotMatch(JSON.stringify(error), /\\u001b|\\r/);
      assert.match(
        error.graphMessage!,
        /^You sent Bearer \[redacted\] Or as a pair: access_token=\[redacted\]&client_secret=\[redacted\]&assertion=\[redacted\] screen cleared Injected-Header: yes click z+…$/,
      );
      assert.equal(error.graphMessage!.length, 501);
      assert.equal(error.graphCode, "Denied Bearer [redacted]");
      assert.equal(error.requestId, "rid Bearer [redacted]");
      assert.equal(error.status, 400);
    } finally {
      await graph.stop();
    }
  });

  it("lists only plain connector ids after a 404", async () => {
    const graph = await stubGraph((request, res) => {
      if (request.method === "POST")
        answer(
          res,
          404,
          { error: { code: "ResourceNotFound", message: "no such connector" } },
          { "request-id": "r1" },
        );
      else answer(res, 200, { value: [{ id: "good-1" }, { id: "\u001b[31mevil\u001b[0m\r\nx" }] });
    });
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const error = await suite.createFailure({ connectorId: "c1" }, env);
      assert.ok(error instanceof ConnectorSyncError, String(error));
      // An id that is no plain path segment is no connector a sync could name: it is left out.
      assert.deepEqual(error.connectorIds, ["good-1"]);
      assert.match(error.message, /its connectors are: good-1\./);
    } finally {
      await graph.stop();
    }
  });
});

// Every answer is read up to 1 MiB, and what is read is made safe in bounded time.
describe("a hostile Graph's large answer", () => {
  const suite = integrationSuite();
  const mib = 1024 * 1024;

  async function failWith(message: string) {
    const graph = await stubGraph((_, res) => answer(res, 400, { error: { code: "Denied", message } }));
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const started = performance.now();
      const error = await suite.createFailure({ connectorId: "c1" }, env);
      return { error, ms: performance.now() - started };
    } finally {
      await graph.stop();
    }
  }

  it("is made safe in well under a second at just under 1 MiB", async () => {
    const { error, ms } = await failWith("eyJ".repeat((mib - 100) / 3));
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.status, 400);
    assert.ok(error.graphMessage!.length <= 501);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });

  it("is not read past 1 MiB: no answer, and no retry", async () => {
    const { error } = await failWith("x".repeat(mib));
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "NetworkError");
    assert.equal(error.networkCode, "ERR_BAD_RESPONSE");
    assert.match(error.summary, /maxContentLength size of 1048576 exceeded/);
    assert.equal(error.attempts, 1);
  });
});

// Entra ID's answers are read by @azure/identity through this package's own client: capped the same.
describe("a hostile authority's large answer", () => {
  const suite = integrationSuite();

  it("is not read past 1 MiB: a 64 MiB metadata document fails the token request, read no further", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-authority-"));
    const tls = makeServerTls(dir);
    let written = 0;
    const sockets = new Set<Socket>();
    const authority = createHttpsServer({ key: tls.key, cert: tls.cert }, (_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = `{"pad":"${"x".repeat(1024 * 1024)}`;
      const more = () => {
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    });
    authority.on("connection", (socket: Socket) => sockets.add(socket));
    await new Promise<void>((resolve) => authority.listen(0, "127.0.0.1", resolve));
    try {
      const env = {
        ...suite.env,
        AZURE_AUTHORITY_HOST: `https://127.0.0.1:${(authority.address() as AddressInfo).port}`,
        CONNECTOR_SYNC_CA_CERT: tls.caCertPath,
      };
      const error = await suite.createFailure({ connectorId: suite.f.connectorsA[0] }, env);
      assert.ok(error instanceof ConnectorSyncError, String(error));
      assert.equal(error.code, "AuthenticationFailed");
      assert.ok(written < 16 * 1024 * 1024, `the authority wrote ${written} bytes before it was cut off`);
      assert.equal(suite.emu.log.count(), 0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => authority.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
