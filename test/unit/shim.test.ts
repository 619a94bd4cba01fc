import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { connectorSyncProvider } from "../../provider/lifecycle";
import { providerLineOf, providerModule, providerModuleOf } from "../../provider/shim";
import { packageName, packageVersion } from "../../provider/version";

describe("the provider module in the state (__provider)", () => {
  it("is one line that requires the package by name, holds no path, and loads the provider", () => {
    const bytes = Buffer.byteLength(providerModule);
    // Stored twice per resource and rewritten at every checkpoint: the serialized closure was 1,877 bytes.
    assert.ok(bytes < 128, `__provider is ${bytes} bytes`);
    assert.ok(!providerModule.includes(process.cwd()), "no absolute path");
    assert.ok(!/axios|@azure|jose/.test(providerModule), "names no client library");
    // As the dynamic-provider plugin loads it: a module whose handler() returns the provider. Here the
    // package name resolves through the clone's node_modules, as it does from a user's program folder.
    const module = { exports: {} as { handler?: () => unknown } };
    new Function("exports", "require", "module", providerModule)(module.exports, require, module);
    assert.equal(module.exports.handler?.(), connectorSyncProvider);
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

  it("is ConnectorSync's released line, written out, and what the builder makes of its export", () => {
    assert.equal(providerLineOf("connectorSyncProvider"), providerModule);
    assert.equal(providerModuleOf("connectorSyncProvider"), providerModule);
    assert.equal(
      providerLineOf("vppTokenSyncProvider"),
      'exports.handler=()=>require("pulumi-intune-connector-sync/lifecycle").vppTokenSyncProvider;',
    );
  });
});
