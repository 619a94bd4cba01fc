import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { startCli } from "../support/cli";
import { call, tokenFor } from "../support/https";

const mib = 1024 * 1024;
/** A body just under the 1 MiB cap that parses into the most objects: some 20 MiB of them. */
const hostileBody = `[${"{},".repeat(mib / 3 - 1)}{}]`;

describe("the emulator's log: bounded whatever clients send", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0 }, logEntries: 50 });
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("keeps the newest entries up to its capacity, and counts those it dropped until cleared", async () => {
    emu.log.clear();
    const sent: string[] = [];
    for (let i = 0; i < 53; i++) {
      sent.push(String((await call(emu, "GET", "/oidc/keys")).headers["request-id"]));
    }
    assert.deepEqual(
      emu.log.entries().map((e) => e.requestId),
      sent.slice(3),
      "the newest 50, oldest first",
    );
    assert.equal(emu.log.dropped, 3);
    assert.equal(emu.log.count({ route: "oidc" }), 50);
    const served = await call(emu, "GET", "/_emulator/log?route=oidc");
    assert.deepEqual(
      [served.body.value.length, served.body.value[0].requestId, served.body.dropped],
      [50, sent[3], 3],
    );
    emu.log.clear();
    assert.deepEqual([emu.log.count(), emu.log.dropped], [0, 0]);
  });

  it("refuses a capacity it cannot keep", async () => {
    for (const logEntries of [0, 1.5, -1]) {
      await assert.rejects(startEmulator({ logEntries }), /The log keeps from 1 to 10,000,000 entries/);
    }
  });

  it("keeps a service route's body as a redacted copy, cut to 4 KiB, and no other route's body", async () => {
    emu.log.clear();
    const writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    const big = { syncType: "fullSync", client_secret: "s3cret-in-a-big-body", padding: "x".repeat(100_000) };
    const path = `/beta/deviceManagement/exchangeConnectors/${f.connectorsA[0]}/sync`;
    assert.equal((await call(emu, "POST", path, { token: writer, json: big })).status, 400);
    const [entry] = emu.log.entries({ route: "sync" });
    assert.equal(entry.bodyCut, true);
    assert.equal(entry.body, JSON.stringify({ ...big, client_secret: "[redacted]" }).slice(0, 4096));
    assert.ok(!JSON.stringify(emu.log.entries()).includes("s3cret-in-a-big-body"));
    const small = { syncType: "fullSync", nested: [{ password: "p" }] };
    await call(emu, "POST", path, { token: writer, json: small });
    const kept = emu.log.entries({ route: "sync" })[1];
    assert.deepEqual(
      [kept.body, kept.bodyCut],
      [{ syncType: "fullSync", nested: [{ password: "[redacted]" }] }, undefined],
    );
    await call(emu, "POST", "/nowhere", { json: { syncType: "fullSync" } });
    await call(emu, "POST", new URL(emu.ci.azurePipelinesRequestUri).pathname, { json: { any: 1 } });
    const others = [...emu.log.entries({ route: "unknown" }), ...emu.log.entries({ route: "ci-oidc" })];
    assert.deepEqual(
      others.map((e) => [e.route, e.body]),
      [
        ["unknown", undefined],
        ["ci-oidc", undefined],
      ],
    );
  });

  it("keeps a hostile request in a few KiB: a 1 MiB body, a long path, 80 long headers", async () => {
    emu.log.clear();
    const headers = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`x-h${i}`, "v".repeat(80)]));
    await call(emu, "POST", `/${f.tenantA}/oauth2/v2.0/token`, { raw: hostileBody });
    await call(emu, "POST", "/nowhere", { raw: hostileBody });
    // Under Node's 16 KiB for a request's head, which it refuses with a 431 before the emulator sees it.
    await call(emu, "GET", `/${"p".repeat(6000)}`, { headers });
    const [token, unknown, long] = emu.log.entries();
    assert.deepEqual([token.route, token.bodyCut, token.body.length], ["token", true, 4096]);
    assert.equal(unknown.body, undefined);
    assert.equal(long.path.length, 2049, "2 KiB and an ellipsis");
    assert.ok(Object.keys(long.headers).length <= 64);
    assert.ok(long.headersLeftOut! > 20, `${long.headersLeftOut} headers left out`);
    for (const entry of emu.log.entries()) {
      const size = JSON.stringify(entry).length;
      assert.ok(size < 11_000, `${entry.route}: ${size} characters`);
    }
  });

  it("serves GET /_emulator/log in pieces as the client reads, the same entries as log.entries()", async () => {
    emu.log.clear();
    for (let i = 0; i < 50; i++)
      await call(emu, "POST", `/${f.tenantA}/oauth2/v2.0/token`, { raw: hostileBody });
    const served = await call(emu, "GET", "/_emulator/log");
    assert.equal(served.status, 200);
    assert.equal(served.headers["transfer-encoding"], "chunked", "not one string built first");
    assert.equal(served.headers["content-type"], "application/json; charset=utf-8");
    assert.ok(served.text.length > 200_000, "several pieces of 64 KiB");
    assert.deepEqual(served.body, JSON.parse(JSON.stringify({ value: emu.log.entries(), dropped: 0 })));
  });
});

describe("the emulator's command line, under a small heap", () => {
  it("answers a stream of 1 MiB bodies that parse into 20 MiB each, and goes on serving", async () => {
    const { cli, output } = await startCli({ nodeArgs: ["--max-old-space-size=64"] });
    try {
      const value = (name: string) => new RegExp(`^export ${name}='([^']*)'$`, "m").exec(output)![1];
      const origin = value("CONNECTOR_SYNC_GRAPH_ENDPOINT");
      const ca = readFileSync(value("CONNECTOR_SYNC_CA_CERT"));
      const send = (method: string, path: string, body?: string) =>
        new Promise<{ status: number; text: string }>((done, fail) => {
          const headers = { authorization: `Bearer ${value("CONNECTOR_SYNC_EMULATOR_TOKEN")}` };
          const req = request(new URL(path, origin), { method, headers, ca }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk) => {
              text += chunk;
            });
            res.on("end", () => done({ status: res.statusCode ?? 0, text }));
          });
          req.on("error", fail);
          req.end(body);
        });
      const tenant = value("AZURE_TENANT_ID");
      // Sixty bodies: the old log, keeping some 21 MiB each, ran out of a 64 MiB heap within a few.
      for (let i = 0; i < 30; i++) {
        assert.equal((await send("POST", "/nowhere", hostileBody)).status, 404);
        assert.equal((await send("POST", `/${tenant}/oauth2/v2.0/token`, hostileBody)).status, 400);
      }
      const log = await send("GET", "/_emulator/log");
      assert.equal(log.status, 200);
      assert.deepEqual([JSON.parse(log.text).value.length, JSON.parse(log.text).dropped], [60, 0]);
      assert.equal(cli.exitCode, null, "still running");
    } finally {
      cli.kill("SIGTERM");
      await once(cli, "exit");
    }
  });
});
