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

// What a hostile server may send to make matching slow: every shape that was quadratic, at 1 MiB.
describe("a hostile text of 1 MiB", () => {
  const mib = 1024 * 1024;
  const shapes: Record<string, string> = {
    "eyJ without dots": "eyJ".repeat(mib / 3),
    "eyJ. runs": "eyJ.".repeat(mib / 4),
    "spaces before a dash": `${" ".repeat(mib)}-x`,
    "OSC escapes never closed": "\u001b]".repeat(mib / 2),
    "URL authorities without @": "//a".repeat(mib / 3),
    "Bearer runs": "Bearer ".repeat(mib / 7),
  };

  it("is made safe, cut at 500 characters, in well under a second each", () => {
    for (const [shape, text] of Object.entries(shapes)) {
      const started = performance.now();
      const shown = untrusted(text);
      const ms = performance.now() - started;
      assert.ok(ms < 250, `${shape}: ${ms.toFixed(0)} ms`);
      assert.ok(shown.length <= 501, shape);
    }
  });

  it("keeps no part of a token it cut short", () => {
    const cut = untrusted(`${"x".repeat(2_000)} ${jwt}`.slice(0, 2_030));
    assert.ok(!cut.includes("eyJ"), cut);
    assert.equal(untrusted("token eyJhbGciOiJSUzI1NiJ9.eyJzdW"), "token [redacted]");
  });
});

describe("a URL's user and password", () => {
  it("are redacted up to the authority's last @, a password with an @ included", () => {
    assert.equal(
      untrusted("http://deploy:p@ss@proxy.example:3128/x"),
      "http://[redacted]@proxy.example:3128/x",
    );
    assert.equal(untrusted("https://u:a@b@c@host/p?q=@x"), "https://[redacted]@host/p?q=@x");
    assert.equal(untrusted("see //host/a@b"), "see //host/a@b");
  });
});
