import assert from "node:assert/strict";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { githubAssertion } from "../../provider/credentials/github";

const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2lnbmF0dXJl";

/** A runner's token service on loopback (plain http is allowed there), counting its requests. */
async function tokenService(listener: RequestListener) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idtoken`;
  return {
    url,
    requests: () => requests,
    closeAll: () => server.closeAllConnections(),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ask = (url: string) =>
  githubAssertion({
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-value",
  })();
const json =
  (body: unknown): RequestListener =>
  (_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

describe("GitHub Actions OIDC", () => {
  it("never sends the request token over plain http off loopback", async () => {
    await assert.rejects(ask("http://runner.example/idtoken"), (error: Error) => {
      assert.match(error.message, /ACTIONS_ID_TOKEN_REQUEST_URL is 'http:\/\/runner\.example\/idtoken'/);
      assert.ok(!error.message.includes("request-token-value"));
      return true;
    });
  });

  it("takes a JWT-shaped value", async () => {
    const service = await tokenService(json({ value: jwt }));
    try {
      assert.equal(await ask(service.url), jwt);
    } finally {
      await service.stop();
    }
  });

  it("follows no redirect: the request token goes nowhere else, and no assertion comes from there", async () => {
    const elsewhere = await tokenService(json({ value: jwt }));
    const service = await tokenService((_, res) => {
      res.writeHead(302, { location: elsewhere.url });
      res.end();
    });
    try {
      await assert.rejects(ask(service.url), /GitHub refused an ID token \(302\)/);
      assert.equal(elsewhere.requests(), 0);
    } finally {
      await Promise.all([service.stop(), elsewhere.stop()]);
    }
  });

  it("refuses a value that is not a JWT, and an answer over 1 MiB", async () => {
    for (const value of [
      undefined,
      42,
      "not-a-jwt",
      `${jwt}\r\nInjected: x`,
      `eyJ${"a".repeat(40_000)}.b.c`,
    ]) {
      const service = await tokenService(json({ value }));
      try {
        await assert.rejects(ask(service.url), /holds no JWT/, String(value).slice(0, 40));
      } finally {
        await service.stop();
      }
    }
    const huge = await tokenService(json({ value: jwt, pad: "x".repeat(1024 * 1024) }));
    try {
      await assert.rejects(ask(huge.url), /GitHub refused an ID token \(ERR_BAD_RESPONSE\)/);
    } finally {
      await huge.stop();
    }
  });

  it("says that GitHub's service did not answer in time, naming it", async () => {
    const service = await tokenService(() => undefined);
    try {
      const env = {
        ACTIONS_ID_TOKEN_REQUEST_URL: service.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-value",
      };
      await assert.rejects(
        githubAssertion(env, undefined, 300)(),
        /^Error: GitHub's ID token service \(ACTIONS_ID_TOKEN_REQUEST_URL\) did not answer within 0\.3 s\.$/,
      );
    } finally {
      service.closeAll();
      await service.stop();
    }
  });
});
