import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { githubAssertion } from "../../provider/credentials/github";

describe("GitHub Actions OIDC", () => {
  it("never sends the request token over plain http off loopback", async () => {
    const assertion = githubAssertion({
      ACTIONS_ID_TOKEN_REQUEST_URL: "http://runner.example/idtoken",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token-value",
    });
    await assert.rejects(assertion(), (error: Error) => {
      assert.match(error.message, /ACTIONS_ID_TOKEN_REQUEST_URL is 'http:\/\/runner\.example\/idtoken'/);
      assert.ok(!error.message.includes("request-token-value"));
      return true;
    });
  });
});
