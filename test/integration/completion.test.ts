import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectorSyncProvider as provider } from "../../provider";
import { integrationSuite } from "./fixture";
import { answer, type StubHandler, stubGraph } from "./stub";

// A wait ends on this sync's completion alone: not on an earlier sync's that Graph's whole-second
// Date cannot tell apart, not on a time in the future, and not on a Date from a clock far off.
describe("what a wait takes for this sync's completion", () => {
  const suite = integrationSuite();
  const wait = { timeoutSeconds: 10, pollIntervalSeconds: 5 };

  async function createAgainst(handler: StubHandler) {
    const graph = await stubGraph(handler);
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const news = { connectorId: "c1", waitForCompletion: wait, onFailure: "warn" };
      return { ...(await suite.create(news, env)), requests: graph.requests };
    } finally {
      await graph.stop();
    }
  }
  const connector = (lastSyncDateTime: string) => ({ id: "c1", status: "connected", lastSyncDateTime });
  const wholeSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

  it("is not an earlier sync's completion in the same second as this request", async () => {
    // Sync A completed 1 ms after the whole second in which this sync is taken (Date: that second).
    const now = Date.now();
    const earlier = new Date(wholeSecond(now).getTime() + 1).toISOString();
    const { outs, requests } = await createAgainst((request, res) => {
      if (request.method === "POST") answer(res, 204, undefined, { date: wholeSecond(now).toUTCString() });
      else answer(res, 200, connector(earlier));
    });
    assert.deepEqual(
      requests.map((r) => r.method),
      ["GET", "POST", "GET", "GET", "GET"],
      "a read before the sync, then polls at 0, 5 and 10 s",
    );
    assert.equal(outs.recorded.syncCount, 1);
    assert.match(suite.warnings.join("\n"), /had not completed after 10 s/);
  });

  it("is a completion that moved past the one read before the request", async () => {
    const before = new Date(Date.now() - 60_000).toISOString();
    let synced = false;
    const { outs, requests } = await createAgainst((request, res) => {
      if (request.method === "POST") {
        synced = true;
        answer(res, 204, undefined, { date: new Date().toUTCString() });
      } else answer(res, 200, connector(synced ? new Date().toISOString() : before));
    });
    assert.equal(requests.length, 3);
    assert.deepEqual(suite.warnings, []);
    assert.notEqual(outs.recorded.lastSyncDateTime, before);
  });

  it("is never a lastSyncDateTime in the future, which is unreadable and unhealthy", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const { outs, requests } = await createAgainst((request, res) => {
      if (request.method === "POST") answer(res, 204, undefined, { date: new Date().toUTCString() });
      else answer(res, 200, connector(future));
    });
    assert.equal(requests.length, 5, "the wait ran to its timeout");
    assert.equal(outs.recorded.connectorHealthy, false);
    assert.match(suite.warnings[0], /no readable lastSyncDateTime/);
  });

  it("reads the request's own time when Graph's Date is an hour off", async () => {
    let synced = false;
    const { requests } = await createAgainst((request, res) => {
      if (request.method === "POST") {
        synced = true;
        answer(res, 204, undefined, { date: new Date(Date.now() + 3_600_000).toUTCString() });
      } else answer(res, 200, connector(new Date(synced ? Date.now() : Date.now() - 60_000).toISOString()));
    });
    assert.equal(requests.length, 3, "the first poll saw the completion");
    assert.deepEqual(suite.warnings, []);
  });

  it("keeps a refresh's reading of a future time unhealthy", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const graph = await stubGraph((_, res) => answer(res, 200, connector(future)));
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const state = { connectorId: "c1", tenantId: suite.f.tenantA, recorded: { syncCount: 1 } };
      const read = await suite.run(() => provider.read("id", state as never), env);
      assert.equal(read.props?.recorded.connectorHealthy, false);
    } finally {
      await graph.stop();
    }
    assert.match(suite.warnings[0], /no readable lastSyncDateTime/);
  });
});
