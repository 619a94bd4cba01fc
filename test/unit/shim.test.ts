import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { connectorSyncProvider } from "../../provider/lifecycle";
import { providerShim } from "../../provider/shim";
import { packageName, packageVersion } from "../../provider/version";

describe("the serialized provider", () => {
  it("is a shim under 2 KiB that holds no path and requires the package by name", async () => {
    const { text } = await pulumi.runtime.serializeFunction(() => providerShim, { allowSecrets: true });
    // The issue asks for under 3 KiB and aims at 2: stored twice per resource, it weighs on every checkpoint.
    assert.ok(Buffer.byteLength(text) < 2 * 1024, `__provider is ${Buffer.byteLength(text)} bytes`);
    assert.ok(!text.includes(process.cwd()), "no absolute path");
    assert.ok(!/axios|@azure|jose/.test(text), "captures no client library");
    assert.match(text, /require\("pulumi-intune-connector-sync\/lifecycle"\)/);
  });

  it("leaves the provider itself serializable by value, as the benchmark's anchor captures it", async () => {
    // Pulumi's serializer fails on a captured object whose `default` is a primitive.
    const { text } = await pulumi.runtime.serializeFunction(() => connectorSyncProvider, {
      allowSecrets: true,
    });
    assert.match(text, /connectorSyncProvider|deltaSync/);
  });

  it("names the version package.json has", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8"));
    assert.equal(packageName, manifest.name);
    assert.equal(packageVersion, manifest.version);
    assert.equal(manifest.exports["./lifecycle"], "./dist/provider/lifecycle.js");
  });
});
