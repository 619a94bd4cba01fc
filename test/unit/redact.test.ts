import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxShown, untrusted } from "../../provider/redact";

const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";

describe("text a server controls", () => {
  it("has tokens, credential pairs and URL passwords redacted", () => {
    assert.equal(untrusted(`token ${jwt} seen`), "token [redacted] seen");
    assert.equal(untrusted("Authorization: Bearer abc.def-ghi"), "Authorization: Bearer [redacted]");
    assert.equal(
      untrusted("Proxy-Authorization: basic dXNlcjpwYXNz"),
      "Proxy-Authorization: basic [redacted]",
    );
    assert.equal(
      untrusted("grant_type=x&client_secret=s3cr3t&client_assertion=abc&assertion=def&scope=y"),
      "grant_type=x&client_secret=[redacted]&client_assertion=[redacted]&assertion=[redacted]&scope=y",
    );
    assert.equal(
      untrusted('{"client_secret": "s3cr3t", "password":"p"}'),
      '{"client_secret": "[redacted]", "password":"[redacted]"}',
    );
    assert.equal(
      untrusted("via http://user:pa55@proxy.example:3128/"),
      "via http://[redacted]@proxy.example:3128/",
    );
  });

  it("has escapes and control characters removed, a line break made a space", () => {
    assert.equal(untrusted("\u001b[31mred\u001b[0m"), "red");
    assert.equal(untrusted("\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007"), "link");
    assert.equal(untrusted("one\r\nInjected: two\u0000\u007f\u009b"), "one Injected: two");
    assert.equal(untrusted("abc\u202edcba"), "abc dcba");
  });

  it("is cut at 500 characters", () => {
    assert.equal(maxShown, 500);
    const shown = untrusted("x".repeat(10_000));
    assert.equal(shown, `${"x".repeat(500)}…`);
    assert.equal(untrusted("y".repeat(200), 100), `${"y".repeat(100)}…`);
  });
});
