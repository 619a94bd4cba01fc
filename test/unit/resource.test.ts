import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSync } from "../../provider/resource";

/** The value of an Output, or "unknown" where an apply would never run (a preview's unknown value). */
const valueOf = (output: pulumi.Output<unknown>) =>
  Promise.race([
    new Promise((resolve) => output.apply(resolve)),
    (output as any).isKnown.then((known: boolean) => (known ? new Promise(() => {}) : "unknown")),
  ]);

describe("what a ConnectorSync reads of an input its program left out", () => {
  // A preview, with a mock engine that echoes the registered inputs as the state.
  before(() =>
    pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "project",
      "stack",
      true,
    ),
  );

  it("reads its default, known in a preview, and depends on the resource as its outputs do", async () => {
    const sync = new ConnectorSync("a", { connectorId: "c1" });
    assert.equal(await valueOf(sync.syncType), "deltaSync");
    assert.equal(await valueOf(sync.staleAfterDays), 30);
    for (const output of [sync.syncType, sync.syncCount]) {
      const resources: Set<pulumi.Resource> = await (output as any).allResources();
      assert.ok(resources.has(sync));
    }
  });

  it("reads the default, in a preview too, of an input given as undefined", async () => {
    const sync = new ConnectorSync("b", { connectorId: "c1", syncType: undefined as never });
    assert.equal(await valueOf(sync.syncType), "deltaSync");
  });
});
