import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { integrationSuite } from "./fixture";
import { answer, type StubHandler, stubGraph } from "./stub";

// Only Graph's own 404, confirmed by the tenant's list, means that a connector is gone: a refresh
// drops the resource on it, and ignoreNotFound spends a trigger change on it. Any other 404 fails.
describe("a 404 that is not Graph's word that the connector is gone", () => {
  const suite = integrationSuite();
  const graphSays404 = { error: { code: "ResourceNotFound", message: "Resource not found." } };
  const requestId = { "request-id": "0f1e2d3c-0000-4000-8000-000000000404" };
  const html = (res: Parameters<StubHandler>[1]) => {
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<html><body><h1>404 Not Found</h1>nginx</body></html>");
  };

  /** Runs `body` against a stand-in Graph answering with `handler`, tokens from the emulator. */
  async function against<T>(handler: StubHandler, body: (env: typeof suite.env) => Promise<T>) {
    const graph = await stubGraph(handler);
    try {
      return { result: await body({ ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url }), graph };
    } finally {
      await graph.stop();
    }
  }
  const state = async () =>
    (await suite.create({ connectorId: suite.f.connectorsA[0], ignoreNotFound: true })).outs;
  const refreshFailure = (outs: object, env: typeof suite.env) =>
    suite.run(
      () =>
        provider.read("id", outs as never).then(
          () => assert.fail("the refresh should fail"),
          (e: unknown) => e,
        ),
      env,
    );

  it("fails a refresh on a gateway's HTML 404, and lists nothing", async () => {
    const outs = await state();
    const { result: error, graph } = await against(
      (_, res) => html(res),
      (env) => refreshFailure(outs, env),
    );
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "GraphError");
    assert.equal(error.status, 404);
    assert.equal(error.gone, undefined);
    assert.match(error.message, /not Graph's own word .* connectorSync:graphEndpoint/);
    assert.deepEqual(
      graph.requests.map((r) => r.method),
      ["GET"],
    );
  });

  it("keeps a sync pending on a gateway's 404 under ignoreNotFound and onFailure warn", async () => {
    const given = { connectorId: suite.f.connectorsA[0], ignoreNotFound: true, onFailure: "warn" };
    const { result } = await against(
      (_, res) => html(res),
      (env) => suite.create(given, env),
    );
    assert.equal(result.outs.recorded.syncPending, true);
    assert.equal(result.outs.recorded.connectorFound, true);
    assert.equal(result.outs.recorded.syncFailure?.status, 404);
    assert.equal(suite.warnings.length, 1);
  });

  it("fails a refresh when Graph's 404 is for a connector that the tenant's list still holds", async () => {
    const outs = await state();
    const listed = { value: [{ id: suite.f.connectorsA[0] }] };
    const handler: StubHandler = (request, res) =>
      request.path.includes(suite.f.connectorsA[0])
        ? answer(res, 404, graphSays404, requestId)
        : answer(res, 200, listed);
    const { result: error, graph } = await against(handler, (env) => refreshFailure(outs, env));
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.gone, undefined);
    assert.deepEqual(error.connectorIds, [suite.f.connectorsA[0]]);
    assert.match(error.message, /lists connector .* not taken for gone/);
    assert.equal(graph.requests.length, 2);
  });

  /** A stand-in whose connector answers Graph's own 404 and whose list answers `listed`. */
  const graph404 =
    (listed: (res: Parameters<StubHandler>[1]) => void): StubHandler =>
    (request, res) =>
      request.path.includes(suite.f.connectorsA[0]) ? answer(res, 404, graphSays404, requestId) : listed(res);

  it("fails a refresh when the list that would confirm Graph's 404 fails, or was not read whole", async () => {
    const outs = await state();
    const lists = {
      failed: (res: Parameters<StubHandler>[1]) =>
        answer(res, 400, { error: { code: "BadRequest", message: "no" } }),
      // A next page off Graph's origin is not followed, so the list is not whole.
      paged: (res: Parameters<StubHandler>[1]) =>
        answer(res, 200, { value: [{ id: "another" }], "@odata.nextLink": "https://graph.example/next" }),
    };
    for (const [name, listed] of Object.entries(lists)) {
      const { result: error } = await against(graph404(listed), (env) => refreshFailure(outs, env));
      assert.ok(error instanceof ConnectorSyncError, `${name}: ${error}`);
      assert.equal(error.status, 404, name);
      assert.equal(error.gone, undefined, name);
    }
  });

  it("drops the resource on Graph's own 404 that the tenant's list confirms", async () => {
    const outs = await state();
    const handler = graph404((res) => answer(res, 200, { value: [{ id: "another" }] }));
    const { result } = await against(handler, (env) =>
      suite.run(() => provider.read("id", { ...outs, ignoreNotFound: undefined }), env),
    );
    assert.deepEqual(result, { id: "" });
  });
});
