import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSync } from "../../provider";
import { changes, type EngineStack } from "../../support/engine";
import { engineSuite } from "./suite";

describe("a sync on demand: up --replace <urn>", () => {
  const suite = engineSuite();
  /** Three resources named after their connectors; the third is replaced delete-first. */
  const three = (triggers: { policy: number }) => async () => {
    const [a, b, c] = suite.f.connectorsA;
    new ConnectorSync("a", { connectorId: a, triggers });
    new ConnectorSync("b", { connectorId: b, triggers });
    new ConnectorSync("c", { connectorId: c, triggers }, { deleteBeforeReplace: true });
  };
  const state = async (engine: EngineStack) =>
    Object.fromEntries(
      (await engine.resources()).map(
        (r: { urn: string; id: string; outputs: { recorded: { syncCount: number } } }) => [
          r.urn.split("::").pop(),
          { urn: r.urn, id: r.id, syncCount: r.outputs.recorded.syncCount },
        ],
      ),
    );
  const posts = () =>
    suite.f.connectorsA.map((connectorId) => suite.emu.log.count({ route: "sync", connectorId }));

  it("syncs the replaced resource once and no other; its syncCount starts again at 1", async () => {
    let policy = 1;
    const engine = await suite.stack(async () => three({ policy })());
    await engine.up();
    policy = 2;
    await engine.up();
    const before = await state(engine);
    assert.deepEqual([before.a.syncCount, before.b.syncCount, before.c.syncCount], [2, 2, 2]);

    suite.emu.log.clear();
    const replaced = await engine.up({ replace: [before.b.urn] });
    assert.deepEqual(posts(), [0, 1, 0]);
    // Create before delete, by default; the delete calls nothing.
    assert.deepEqual(changes(replaced.steps), ["create-replacement b", "replace b", "delete-replaced b"]);
    const after = await state(engine);
    assert.notEqual(after.b.id, before.b.id);
    assert.equal(after.b.syncCount, 1, "a new resource counts its own syncs");
    assert.equal(after.a.syncCount, 2);

    suite.emu.log.clear();
    const deleteFirst = await engine.up({ replace: [before.c.urn] });
    assert.deepEqual(posts(), [0, 0, 1]);
    assert.deepEqual(changes(deleteFirst.steps), ["delete-replaced c", "replace c", "create-replacement c"]);

    suite.emu.log.clear();
    await engine.up();
    assert.deepEqual(posts(), [0, 0, 0]);
  });

  it("when the replacement's sync fails, only delete-first leaves a resource for the next up to create", async () => {
    const engine = await suite.stack(three({ policy: 1 }));
    await engine.up();
    const { b, c } = await state(engine);
    const [, connectorB, connectorC] = suite.f.connectorsA;
    // One at a time: after a failure the engine starts no further step.
    const failedReplace = async (connectorId: string, urn: string) => {
      suite.emu.faults.add({ route: "sync", connectorId, responses: [{ status: 400 }] });
      await assert.rejects(engine.up({ replace: [urn] }), /Graph answered 400/);
      suite.emu.log.clear();
      await engine.up();
    };
    await failedReplace(connectorB, b.urn);
    // b kept its old resource, which nothing changed: no sync, and no replacement until asked again.
    assert.deepEqual(posts(), [0, 0, 0]);
    assert.equal((await state(engine)).b.id, b.id);
    await failedReplace(connectorC, c.urn);
    // c's was deleted first: the next up creates it, and so syncs it.
    assert.deepEqual(posts(), [0, 0, 1]);
    assert.notEqual((await state(engine)).c.id, c.id);
  });
});
