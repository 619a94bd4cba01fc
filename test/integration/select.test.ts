import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { exchangeConnector } from "../../provider/actions";
import { graphFor } from "../../provider/connect";
import { providerContext } from "../../provider/context";
import { withDefaults } from "../../provider/core/diff";
import { readSettings } from "../../provider/settings";
import { integrationSuite } from "./fixture";
import { answer, stubGraph } from "./stub";

// A wait's poll and a refresh read a connector's id, status and lastSyncDateTime, and ask for no more.
describe("$select on the connector reads", () => {
  const suite = integrationSuite();
  const selected = "$select=id,status,lastSyncDateTime";

  it("the emulator answers the selection, and the wait and the refresh record it", async () => {
    const { emu, f } = suite;
    const connectorId = f.connectorsA[0];
    const { outs } = await suite.create({ connectorId, waitForCompletion: true });
    const read = await suite.run(() => provider.read("id", outs));
    assert.deepEqual(
      emu.log.entries({ route: "getConnector" }).map((e) => e.status),
      [200, 200, 200],
      "the read before the sync, the wait's poll, the refresh",
    );
    const now = emu.connector(f.tenantA, connectorId)!;
    assert.equal(outs.recorded.connectorStatus, now.status);
    assert.equal(read.props?.recorded.connectorStatus, now.status);
    assert.equal(read.props?.recorded.lastSyncDateTime, now.lastSyncDateTime);
    // What Graph sent back: the three properties, in an @odata.context that names the selection.
    const connector = await suite.run(async () => {
      const settings = readSettings(undefined, process.env);
      const graph = await graphFor(withDefaults(exchangeConnector.inputs, outs) as never, {
        settings,
        context: providerContext(),
        say: () => {},
        name: "ConnectorSync",
      });
      return graph.get({ ...exchangeConnector.entity, id: connectorId }, exchangeConnector.select);
    });
    assert.deepEqual(Object.keys(connector).sort(), ["@odata.context", "id", "lastSyncDateTime", "status"]);
    assert.match(
      String(connector["@odata.context"]),
      /#deviceManagement\/exchangeConnectors\(id,status,lastSyncDateTime\)\/\$entity$/,
    );
  });

  it("the URLs: a poll and a refresh select three properties, the listing after a 404 the ids", async () => {
    // Before the sync, the connector last synced a day ago; after it, a minute from now.
    let lastSyncDateTime = new Date(Date.now() - 86_400_000).toISOString();
    const graph = await stubGraph((request, res) => {
      if (request.method === "POST") {
        if (request.path.includes("/c1/")) lastSyncDateTime = new Date(Date.now() + 60_000).toISOString();
        if (request.path.includes("/gone/"))
          answer(res, 404, { error: { code: "ResourceNotFound", message: "no" } }, { "request-id": "r" });
        else answer(res, 204, undefined, { date: new Date().toUTCString() });
      } else if (request.path.includes("/c1?")) {
        answer(res, 200, { id: "c1", status: "connected", lastSyncDateTime });
      } else answer(res, 200, { value: [{ id: "c1" }] });
    });
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const { outs } = await suite.create({ connectorId: "c1", waitForCompletion: true }, env);
      await suite.run(() => provider.read("id", outs), env);
      const error = await suite.createFailure({ connectorId: "gone" }, env);
      assert.ok(error instanceof ConnectorSyncError);
      assert.deepEqual(error.connectorIds, ["c1"]);
      const base = "/beta/deviceManagement/exchangeConnectors";
      assert.deepEqual(
        graph.requests.map((r) => `${r.method} ${r.path}`),
        [
          `GET ${base}/c1?${selected}`,
          `POST ${base}/c1/sync`,
          `GET ${base}/c1?${selected}`,
          `GET ${base}/c1?${selected}`,
          `POST ${base}/gone/sync`,
          `GET ${base}?$select=id`,
        ],
      );
      assert.equal(outs.recorded.lastSyncDateTime, lastSyncDateTime);
      assert.equal(outs.recorded.connectorStatus, "connected");
    } finally {
      await graph.stop();
    }
  });
});
