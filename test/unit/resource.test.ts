import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSync } from "../../provider/resources";

/** What the SDK keeps of an Output beside its value, and does not declare. */
interface Internals {
  isKnown: Promise<boolean>;
  allResources(): Promise<Set<pulumi.Resource>>;
}
const internals = (output: pulumi.Output<unknown>) => output as unknown as Internals;

/** The value of an Output, or "unknown" where an apply would never run (a preview's unknown value). */
const read = (output: pulumi.Output<unknown>) =>
  Promise.race([
    new Promise((resolve) => output.apply(resolve)),
    internals(output).isKnown.then((known) => (known ? new Promise(() => {}) : "unknown")),
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
    assert.equal(await read(sync.syncType), "deltaSync");
    assert.equal(await read(sync.staleAfterDays), 30);
    for (const output of [sync.syncType, sync.syncCount]) {
      const resources = await internals(output).allResources();
      assert.ok(resources.has(sync));
    }
  });

  it("reads the default, in a preview too, of an input given as undefined", async () => {
    const sync = new ConnectorSync("b", { connectorId: "c1", syncType: undefined as never });
    assert.equal(await read(sync.syncType), "deltaSync");
  });
});
