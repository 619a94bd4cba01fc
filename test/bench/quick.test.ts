import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { before, describe, it } from "node:test";
import { type BenchResults, outputDir, plans, runBench } from "../../bench";
import { connectorSync, noop, sameShape } from "../../bench/contenders";
import { ops } from "../../bench/figures";
import { writeReport } from "../../bench/report";
import { providerModule } from "../../provider/shim";

// The benchmark's quick mode, with its counts and sizes asserted exactly; its times are reported, never asserted.
describe("npm run bench -- --quick", () => {
  let r: BenchResults;
  const plan = plans.quick;

  before(async () => {
    r = await runBench("quick");
    mkdirSync(outputDir("quick"), { recursive: true });
    for (const file of writeReport(r, outputDir("quick"), 0)) assert.ok(existsSync(file), file);
  });

  it("1. ConnectorSync: no request for preview or a no-op up; k POSTs; one token per tenant per deployment", () => {
    const { n, k, tenants } = plan.economy;
    const changedTenants = new Set(Array.from({ length: k }, (_, i) => (i * Math.floor(n / k)) % tenants))
      .size;
    assert.deepEqual(r.economy.rows.ConnectorSync, {
      preview: { token: 0, graph: 0, posts: 0, effective: 0 },
      firstUp: { token: tenants, graph: n, posts: n, effective: n },
      noopUp: { token: 0, graph: 0, posts: 0, effective: 0 },
      kChanged: { token: changedTenants, graph: k, posts: k, effective: k },
    });
  });

  it("1. the command route asks for a token per resource it runs", () => {
    const { n, k } = plan.economy;
    const rows = r.economy.rows["curl command (local.Command stand-in)"];
    assert.deepEqual(rows.firstUp, { token: n, graph: n, posts: n, effective: n });
    assert.deepEqual(rows.kChanged, { token: k, graph: k, posts: k, effective: k });
    assert.deepEqual(rows.preview, { token: 0, graph: 0, posts: 0, effective: 0 });
  });

  it("3. __provider is the one-line provider module, far under the naive provider's", () => {
    const rows = r.state.rows;
    assert.equal(rows.ConnectorSync.providerBytes, Buffer.byteLength(providerModule));
    // A resource holds the module twice (inputs and outputs); the rest is its inputs, outputs and the
    // engine's metadata (URNs, the stack trace of the program), under 3 KiB.
    const perResource = rows.ConnectorSync.stateBytesPerResource;
    assert.ok(
      perResource - 2 * rows.ConnectorSync.providerBytes < 3 * 1024,
      `${perResource} bytes per resource`,
    );
    // The anchors fail for the reasons BENCHMARKS.md gives, not for any other.
    const naive = rows["naive provider (axios client and credential captured)"];
    assert.match(naive.error ?? "", /Pulumi cannot serialize it/);
    const byValue = rows["ConnectorSync's provider captured by value (no shim)"];
    assert.ok(
      byValue.providerBytes > 10 * rows.ConnectorSync.providerBytes,
      `${byValue.providerBytes} bytes`,
    );
    // Serialized, the provider cannot load its own modules (its Graph client is a relative dynamic
    // import), and its error class comes back as a plain function: the engine is told `undefined`.
    assert.equal(byValue.error, "error: undefined");
  });

  it("2 and 3. the second floor holds exactly ConnectorSync's properties, which the floor's three are not", () => {
    const rows = r.state.rows;
    assert.deepEqual(rows[sameShape.name].outputs, rows[connectorSync.name].outputs);
    assert.deepEqual(rows[sameShape.name].recorded, rows[connectorSync.name].recorded);
    assert.deepEqual(rows[connectorSync.name].recorded, [
      "connectorFound",
      "lastClientRequestId",
      "lastRequestId",
      "lastSyncRequestedAt",
      "syncCount",
      "syncPending",
    ]);
    assert.deepEqual(rows[noop.name].outputs, ["__provider", "connectorId", "triggers"]);
    // Timed beside the others, at every N, for every step.
    for (const n of plan.timing.sizes)
      for (const op of ops) assert.ok(r.timing.medians[sameShape.name][n][op] > 0, `${op} at N = ${n}`);
  });

  it("4. a preview loads neither axios nor @azure/identity; the first sync loads both", () => {
    assert.deepEqual(r.coldStart.loadedInPreview, []);
    assert.ok(r.coldStart.loadedAfterSync.includes("axios"));
    assert.ok(r.coldStart.loadedAfterSync.includes("@azure/identity"));
  });

  it("5. throttled over several tenants: every resource synced once, one token per tenant", () => {
    const { n, tenants } = plan.scale;
    assert.deepEqual(
      [r.scale.created, r.scale.effectiveSyncs, r.scale.most204sForOneResource, r.scale.tokenRequests],
      [n, n, 1, tenants],
    );
    assert.ok(r.scale.throttled > 0, "the bucket did throttle");
  });

  it("6. with 503s and dropped connections, every resource ends with exactly one effective sync", () => {
    const { n } = plan.faults;
    assert.equal(r.faults.faultsInjected, n * plan.faults.rate);
    assert.deepEqual([r.faults.resourcesWithOneSync, r.faults.resourcesWithMore], [n, 0]);
    assert.deepEqual(r.faults.syncCounts, Array(n).fill(1));
  });

  it("7. after a SIGINT and another up, every resource is synced and in the state", () => {
    const { n } = plan.interruption;
    const run = r.interruption;
    // The signal reached the CLI while it deployed: else the rest would pass with nothing interrupted.
    assert.match(run.interrupted, /cancel/i);
    // Compared whole, so that a failure prints every figure of the run, not only the first one off.
    assert.deepEqual(
      { ...run, createdInAll: run.inStateAfterSignal + run.secondUpCreated },
      {
        ...run,
        createdInAll: n,
        secondUpRegistered: n,
        pendingWarning: null,
        inStateAtEnd: n,
        notSynced: [],
        duplicates: 0,
      },
    );
  });

  it("8. the profile caught exactly one provider process per step, and ConnectorSync's own code in its first up", () => {
    for (const step of ops) {
      assert.equal(r.profile.ConnectorSync[step].providerProcesses, 1, step);
      assert.equal(r.profile.floor[step].providerProcesses, 1, step);
      assert.equal(r.profile.floor[step].providerMs["ConnectorSync's provider"], undefined, step);
    }
    assert.ok((r.profile.ConnectorSync.firstUp.providerMs["ConnectorSync's provider"] ?? 0) > 0);
  });

  it("9. paced by its sync rate, a stack meets no 429 under Intune's limits; with the rate lifted, it does", () => {
    for (const c of r.limits) {
      assert.deepEqual([c.paced.posts, c.paced.synced, c.paced.throttled], [c.n, c.n, 0], c.name);
      assert.equal(c.unpaced.synced, c.n, c.name);
      assert.ok(c.unpaced.throttled > 0, `${c.name}: the limits did bite without the sync rate`);
    }
  });
});
