import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import type { ConnectorSyncState } from "../../provider/actions/exchange-connector";
import { integrationSuite } from "./fixture";
import { answer, type StubHandler, stubGraph } from "./stub";

// Once Graph has taken a sync (a 2xx), the state must record it whatever fails after,
// or the next `up` syncs again.
describe("a sync that happened is recorded", () => {
  const suite = integrationSuite();

  /** Create with waitForCompletion against a stand-in Graph, with the emulator as Entra ID. */
  async function createAgainst(handler: StubHandler) {
    const graph = await stubGraph(handler);
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const config = { "connectorSync:maxAttempts": "1" } as Record<string, string>;
      const get = (key: string) => config[key];
      const news = { connectorId: "c1", waitForCompletion: { timeoutSeconds: 10, pollIntervalSeconds: 5 } };
      const result = await suite.run(async () => {
        await provider.configure({ config: { get, require: get } });
        return suite.create(news).then(
          (created) => ({ created, error: undefined }),
          (error: unknown) => ({ created: undefined, error }),
        );
      }, env);
      return { ...result, requests: graph.requests };
    } finally {
      await graph.stop();
    }
  }

  const connector = { id: "c1", status: "connected", lastSyncDateTime: "2026-01-01T00:00:00Z" };
  /** After the POST, the connector completes a second later. */
  const completes = () => ({ ...connector, lastSyncDateTime: new Date(Date.now() + 1000).toISOString() });

  it("when the 204 carries a Date header no one can read", async () => {
    let synced = false;
    const { created, error, requests } = await createAgainst((request, res) => {
      if (request.method === "POST") {
        synced = true;
        answer(res, 204, undefined, { date: "not a date", "request-id": "req-1" });
      } else answer(res, 200, synced ? completes() : connector);
    });
    assert.equal(error, undefined, String(error));
    assert.equal(created?.outs.recorded.syncCount, 1);
    assert.equal(created?.outs.recorded.lastRequestId, "req-1");
    assert.notEqual(created?.outs.recorded.lastSyncDateTime, connector.lastSyncDateTime);
    assert.deepEqual(
      requests.map((r) => r.method),
      ["GET", "POST", "GET"],
    );
  });

  it("when the wait after it fails, with the sync count and request ids in the error's properties", async () => {
    let synced = false;
    const { error, requests } = await createAgainst((request, res) => {
      if (request.method === "POST") {
        synced = true;
        answer(res, 204, undefined, { date: "Thu, 01 Jan 1970 00:00:00 GMT", "request-id": "req-2" });
      } else if (!synced) answer(res, 200, connector);
      else answer(res, 503, { error: { code: "ServiceUnavailable", message: "down" } });
    });
    assert.ok(isConnectorSyncError(error, 503), String(error));
    const { id, properties } = error as unknown as { id: string; properties: ConnectorSyncState };
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(properties.recorded.syncCount, 1);
    assert.equal(properties.recorded.lastRequestId, "req-2");
    assert.match(String(properties.recorded.lastClientRequestId), /^[0-9a-f-]{36}$/);
    assert.equal(requests.length, 3);
  });
});
