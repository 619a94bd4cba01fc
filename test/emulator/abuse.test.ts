import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, afterEach, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { call, postSync, tokenFor } from "../support/https";
import { exchange, open, untilClosed } from "./raw";

const mib = 1024 * 1024;

describe("the emulator under abuse: a 4xx or that one connection closed, and the next request served", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const sync = () => postSync(emu, f.connectorsA[0], writer);

  before(async () => {
    process.on("unhandledRejection", onUnhandled);
    emu = await startEmulator({
      config: { ...defaultConfig(), syncCompletionMs: 0 },
      limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 },
    });
    f = fixtures(emu);
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
  });
  after(async () => {
    process.off("unhandledRejection", onUnhandled);
    await emu?.stop();
  });
  // After each abuse, an honest request on the same emulator is answered as usual, and nothing went unhandled.
  afterEach(async () => {
    assert.equal((await sync()).status, 204);
    assert.deepEqual(unhandled, []);
  });

  it("a fault the control API cannot use is a 400 naming the field, and adds nothing", async () => {
    const cases: [string, RegExp][] = [
      [
        "",
        /^Invalid fault: the value: Invalid input: expected object, received undefined\. A fault is \{route/,
      ],
      ["null", /the value: Invalid input: expected object, received null/],
      ['{"route":"sync"}', /^Invalid fault: responses: Invalid input: expected array, received undefined\./],
      [
        '{"route":"nowhere","responses":[{"status":503}]}',
        /route: Invalid option: expected one of "openid-configuration"/,
      ],
      ['{"route":"sync","responses":[]}', /responses: Too small: expected array to have >=1 items/],
      [
        '{"route":"sync","responses":[{"status":200}]}',
        /responses\.0\.status: Too small: expected number to be >=400/,
      ],
      ['{"route":"sync","responses":[{"status":503,"extra":1}]}', /responses\.0: Unrecognized key: "extra"/],
      ['{"route":"sync","responses":[{"status":429,"retryAfter":"soon"}]}', /responses\.0\.retryAfter/],
      ['{"route":"sync","rate":2,"responses":[{"status":503}]}', /rate: Too big: expected number to be <=1/],
      ["not json", /^The body of POST \/_emulator\/faults is not JSON\.$/],
    ];
    for (const [raw, message] of cases) {
      const answer = await call(emu, "POST", "/_emulator/faults", { raw });
      assert.deepEqual([answer.status, answer.body.error.code], [400, "BadRequest"], raw);
      assert.match(answer.body.error.message, message, raw);
    }
    assert.throws(() => emu.faults.add({ route: "sync" } as any), /^Error: Invalid fault: responses: /);
  });

  it("a throttle, a revocation or a log filter it cannot use is a 400 too", async () => {
    const cases: [string, string, string, RegExp][] = [
      [
        "POST",
        "/_emulator/throttle",
        "",
        /^Invalid throttle: the value: Invalid input: expected object, received null/,
      ],
      ["POST", "/_emulator/throttle", '{"capacity":0,"refillPerSecond":1}', /capacity: Too small/],
      ["POST", "/_emulator/throttle", '{"capacity":1,"refillPerSecond":0}', /refillPerSecond: Too small/],
      [
        "POST",
        "/_emulator/throttle",
        '{"capacity":1,"refillPerSecond":1,"retryAfter":"never"}',
        /retryAfter: Invalid option: expected one of "seconds"\|"http-date"\|"omit"/,
      ],
      ["POST", "/_emulator/revoke-tokens", '{"all":true}', /takes no body \(or \{\}\), got \{"all":true\}/],
      ["GET", "/_emulator/log?status=abc", "", /^Invalid log: status: /],
      ["GET", "/_emulator/log?colour=red", "", /Unrecognized key: "colour"/],
      ["GET", "/_emulator/log?route=everything", "", /route: Invalid option/],
    ];
    for (const [method, path, raw, message] of cases) {
      const answer = await call(emu, method, path, raw ? { raw } : {});
      assert.equal(answer.status, 400, `${method} ${path} ${raw}`);
      assert.match(answer.body.error.message, message, `${method} ${path} ${raw}`);
    }
  });

  it("a request target that is no URL (GET http://[) is a 400", async () => {
    const answer = await exchange(
      emu,
      "GET http://[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert.equal(answer.statusLine, "HTTP/1.1 400 Bad Request");
    assert.match(answer.text, /"message":"The request target 'http:\/\/\[' is not a valid URL\."/);
  });

  it("a client that leaves in the middle of its body: that request is abandoned, unanswered and unlogged", async () => {
    emu.log.clear();
    const socket = await open(emu);
    const closed = untilClosed(socket);
    const head = `POST /${f.tenantA}/oauth2/v2.0/token HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n`;
    socket.end(`${head}grant_type=client_`);
    socket.destroy();
    assert.equal((await closed).statusLine, "");
    // The next request (afterEach) runs on a fresh connection, after the server has seen this one go.
    assert.equal((await sync()).status, 204);
    assert.deepEqual(
      emu.log.entries().map((e) => e.route),
      ["sync"],
    );
  });

  it("a declared body over 1 MiB is a 413 before a byte of it is read, and the connection closes", async () => {
    const head = `POST /_emulator/faults HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${mib + 1}\r\n\r\n`;
    const answer = await exchange(emu, head);
    assert.equal(answer.statusLine, "HTTP/1.1 413 Payload Too Large");
    assert.match(answer.text, /The request body is larger than 1048576 bytes/);
  });

  it("a chunked body that grows past 1 MiB is a 413 as well; one of exactly 1 MiB is read", async () => {
    const socket = await open(emu);
    const answer = untilClosed(socket);
    socket.write("POST /_emulator/faults HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
    const chunk = Buffer.alloc(64 * 1024, "a");
    for (let sent = 0; sent <= mib; sent += chunk.length) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      socket.write("\r\n");
    }
    assert.equal((await answer).statusLine, "HTTP/1.1 413 Payload Too Large");
    const whole = await call(emu, "POST", "/_emulator/faults", { raw: `"${"a".repeat(mib - 2)}"` });
    assert.equal(whole.status, 400);
    assert.match(
      whole.body.error.message,
      /^Invalid fault: the value: Invalid input: expected object, received string\./,
    );
  });

  it("a client slower than the header timeout gets a 408 and loses its connection", async () => {
    const socket = await open(emu);
    const answer = untilClosed(socket);
    socket.write("GET /_emulator/log HTTP/1.1\r\nHost: localhost\r\n");
    assert.equal((await answer).statusLine, "HTTP/1.1 408 Request Timeout");
  });

  it("a client slower than the request timeout with its body gets a 408; the request is abandoned", async () => {
    emu.log.clear();
    const socket = await open(emu);
    const answer = untilClosed(socket);
    socket.write(
      `POST /${f.tenantA}/oauth2/v2.0/token HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc`,
    );
    assert.equal((await answer).statusLine, "HTTP/1.1 408 Request Timeout");
    assert.equal(emu.log.count(), 0);
  });

  it("a connection that never starts its TLS handshake is closed after the header timeout", async () => {
    const { port } = new URL(emu.url);
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    assert.equal(socket.bytesRead, 0);
  });

  it("a client-request-id it cannot echo (too long) is replaced by the request-id", async () => {
    const answer = await call(emu, "GET", "/_emulator/log", {
      headers: { "client-request-id": "x".repeat(500) },
    });
    assert.equal(answer.headers["client-request-id"], answer.headers["request-id"]);
  });
});
