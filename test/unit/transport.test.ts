import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rootCertificates } from "node:tls";
import { caBundle } from "../../provider/graph/transport";

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
