import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { describe, it } from "node:test";
import { connectorSyncProvider as provider } from "../../provider";
import { providerContext } from "../../provider/context";
import { integrationSuite } from "./fixture";
import { answer, stubGraph } from "./stub";

describe("a tenant spelled three ways", () => {
  const suite = integrationSuite();

  it("is counted once: one concurrency limit and one token request", async () => {
    const { emu, f } = suite;
    const domain = emu.config.tenants[0].domains![0];
    const spellings = [f.tenantA, domain, f.tenantA.toUpperCase(), domain.toUpperCase()];
    const total = 8;
    let inFlight = 0;
    let most = 0;
    let answered = 0;
    const held: ServerResponse[] = [];
    /** Syncs queued behind the provider's limits, not yet sent. */
    const queued = () =>
      [...providerContext().limits.values()].reduce(
        (sum, limit) => sum + (limit as unknown as { pendingCount: number }).pendingCount,
        0,
      );
    // A sync is answered only when every sync not yet answered is either here or queued behind a
    // limit: then nothing more can arrive until one is answered, and `most` is the true high-water mark.
    const release = () => {
      if (held.length > 0 && inFlight + queued() === total - answered) {
        inFlight--;
        answered++;
        answer(held.shift()!, 204, undefined, { "request-id": `r${answered}` });
        setImmediate(release);
      }
    };
    const graph = await stubGraph((_request, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      held.push(res);
      release();
    });
    try {
      const config = { "connectorSync:maxConcurrentRequests": "2" } as Record<string, string>;
      const get = (key: string) => config[key];
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const outs = await suite.run(async () => {
        await provider.configure({ config: { get, require: get } });
        const creates = Array.from({ length: total }, (_, i) =>
          suite.create({ connectorId: `c${i}`, tenantId: spellings[i % spellings.length] }),
        );
        return Promise.all(creates.map(async (create) => (await create).outs.recorded.syncCount));
      }, env);
      assert.deepEqual(outs, Array(total).fill(1));
      assert.equal(graph.requests.length, total);
      assert.equal(most, 2, "never more than maxConcurrentRequests in flight for the tenant");
      assert.deepEqual([...providerContext().limits.keys()], [f.tenantA]);
      assert.equal(emu.log.count({ route: "token" }), 1);
      // @azure/identity reads the metadata of the tenant it asks a token of (by id); the domain is looked up once.
      const lookups = emu.log.entries({ route: "openid-configuration" }).map((e) => e.path.split("/")[1]);
      assert.deepEqual(
        lookups.filter((tenant) => tenant !== f.tenantA),
        [domain],
      );
    } finally {
      await graph.stop();
    }
  });
});
