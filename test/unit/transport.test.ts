import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rootCertificates } from "node:tls";
import type { ConnectorSyncError } from "../../provider/errors";
import { assertSafeEndpoint, caBundle } from "../../provider/graph/transport";

describe("plain http", () => {
  const refused = (url: string) =>
    assert.throws(
      () => assertSafeEndpoint(url, "connectorSync:graphEndpoint"),
      (error: ConnectorSyncError) =>
        error.code === "InvalidEndpoint" &&
        error.message.startsWith(`connectorSync:graphEndpoint is '${url}'`),
      url,
    );

  it("is refused for names that only start like a loopback address", () => {
    for (const url of [
      "http://127.0.0.1.evil.com",
      "http://127.evil.com:8080",
      "http://127.0.0.1%2eevil.com",
      "http://127.0.0.1.nip.io/",
      "http://localhost.evil.com",
      "http://localhost./",
      "http://[::ffff:127.0.0.1]/",
      "http://10.0.0.1",
      "http://graph.example.com",
    ]) {
      refused(url);
    }
  });

  it("is allowed on 127.0.0.0/8, [::1] and localhost, judged as the URL parser leaves the host", () => {
    const hosts = {
      "http://127.0.0.1:8443": "127.0.0.1",
      "http://127.255.255.254/": "127.255.255.254",
      "http://[::1]:9": "[::1]",
      "http://[0:0:0:0:0:0:0:1]/": "[::1]",
      "http://localhost:1": "localhost",
      "http://LOCALHOST/": "localhost",
      // Other spellings of 127.0.0.1: every HTTP client here connects to 127.0.0.1 for them.
      "http://127.1/": "127.0.0.1",
      "http://2130706433/": "127.0.0.1",
      "http://0x7f.1/": "127.0.0.1",
    };
    for (const [url, host] of Object.entries(hosts)) {
      assert.equal(assertSafeEndpoint(url, "setting").hostname, host, url);
    }
  });

  it("is not needed for https, which is allowed everywhere", () => {
    assert.equal(assertSafeEndpoint("https://127.0.0.1.evil.com", "setting").protocol, "https:");
  });

  it("is all there is besides https", () => {
    refused("ftp://127.0.0.1/");
  });
});

describe("the CA bundle", () => {
  it("is Node's default without an extra CA", () => {
    assert.equal(caBundle(undefined), undefined);
  });

  it("adds an extra CA to the public roots, never in their place", () => {
    const dir = mkdtempSync(join(tmpdir(), "ca-bundle-"));
    try {
      const path = join(dir, "extra.pem");
      writeFileSync(path, "-----BEGIN CERTIFICATE-----\nextra\n-----END CERTIFICATE-----\n");
      const bundle = caBundle(path)!;
      assert.equal(bundle.length, rootCertificates.length + 1);
      assert.deepEqual(bundle.slice(0, -1), [...rootCertificates]);
      assert.match(bundle.at(-1)!, /extra/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
