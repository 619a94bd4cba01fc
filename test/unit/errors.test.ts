import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { exchangeConnector } from "../../provider/actions";
import * as hints from "../../provider/core/hints";
import { ConnectorSyncError, isConnectorSyncError, partialFailure } from "../../provider/errors";

const hintFor = (facts: hints.HintFacts, apiVersion: string) =>
  hints.hintFor(facts, exchangeConnector, apiVersion);
const explained = (error: unknown, apiVersion: string) =>
  hints.explained(error, exchangeConnector, apiVersion);

const context = { code: "GraphError", entityId: "c9", tenantId: "t1" } as const;

describe("ConnectorSyncError", () => {
  it("carries what Microsoft support asks for, in its fields and its message", () => {
    const error = new ConnectorSyncError("Graph answered 403 for connector 'c9' in tenant t1", {
      code: "GraphError",
      status: 403,
      graphCode: "Forbidden",
      graphMessage: "Application is not authorized",
      requestId: "req-1",
      clientRequestId: "client-1",
      date: "Sun, 22 Nov 2026 10:00:00 GMT",
      connectorId: "c9",
      tenantId: "t1",
      hint: "Grant it.",
    });
    assert.equal(error.name, "ConnectorSyncError");
    assert.equal(error.status, 403);
    assert.equal(error.requestId, "req-1");
    assert.equal(
      error.message,
      "Graph answered 403 for connector 'c9' in tenant t1: Application is not authorized\nGrant it.\n" +
        "(status 403 Forbidden, request-id req-1, client-request-id client-1, date Sun, 22 Nov 2026 10:00:00 GMT)",
    );
  });

  it("shows Intune's Operation ID, and its Activity ID only when it is not the request-id", () => {
    const details = { code: "GraphError", status: 404, requestId: "req-1", operationId: "op-1" } as const;
    const same = new ConnectorSyncError("gone", { ...details, activityId: "req-1" });
    assert.equal(same.message, "gone\n(status 404, request-id req-1, operation-id op-1)");
    const other = new ConnectorSyncError("gone", { ...details, activityId: "act-2" });
    assert.equal(other.message, "gone\n(status 404, request-id req-1, operation-id op-1, activity-id act-2)");
    assert.equal(other.activityId, "act-2");
  });

  it("shows our code, and the socket's, when there was no answer", () => {
    const error = new ConnectorSyncError("Could not reach Graph", {
      code: "NetworkError",
      networkCode: "ECONNRESET",
    });
    assert.equal(error.message, "Could not reach Graph\n(NetworkError, ECONNRESET)");
  });

  it("is told apart by a guard, which can also ask for one status", () => {
    const notFound = new ConnectorSyncError("gone", { code: "GraphError", status: 404 });
    assert.equal(isConnectorSyncError(notFound), true);
    assert.equal(isConnectorSyncError(notFound, 404), true);
    assert.equal(isConnectorSyncError(notFound, 403), false);
    assert.equal(isConnectorSyncError(new Error("gone"), 404), false);
    assert.equal(isConnectorSyncError({ name: "ConnectorSyncError", status: 404 }), false);
  });

  it("records a sync that happened before a later step failed, for the engine to keep", () => {
    const error = new ConnectorSyncError("still syncing", { code: "SyncTimeout" });
    const recorded = partialFailure(error, "id-1", { syncCount: 1 });
    assert.equal(recorded, error);
    assert.equal(recorded.id, "id-1");
    assert.deepEqual(recorded.properties, { syncCount: 1 });
    assert.deepEqual(recorded.reasons, [error.message]);
  });
});

describe("hints", () => {
  it("403 names the permission, the roles the token had, and beta against v1.0", () => {
    const beta = hintFor(
      { ...context, status: 403, roles: ["DeviceManagementServiceConfig.Read.All"] },
      "beta",
    )!;
    assert.match(
      beta,
      /application permission DeviceManagementServiceConfig\.ReadWrite\.All .* admin consent/,
    );
    assert.match(beta, /The token had roles: DeviceManagementServiceConfig\.Read\.All\./);
    const v1 = hintFor({ ...context, status: 403, roles: [] }, "v1.0")!;
    assert.match(
      v1,
      /roles: none\. On v1\.0 Graph may refuse application permissions .* set apiVersion to 'beta'/,
    );
  });

  it("404 lists the tenant's connectors, or says the on-premises connector lost support", () => {
    assert.match(
      hintFor({ ...context, status: 404, entityIds: ["a", "b"], gone: true }, "beta")!,
      /its connectors are: a, b\./,
    );
    assert.match(
      hintFor({ ...context, status: 404, entityIds: [], gone: true }, "beta")!,
      /has no Exchange connector .* February 2024/,
    );
  });

  it("a 404 that is not confirmed says why it was not taken for gone", () => {
    assert.match(
      hintFor({ ...context, status: 404, entityIds: [context.entityId!] }, "beta")!,
      /lists connector .* not taken for gone/,
    );
    assert.match(
      hintFor({ ...context, status: 404 }, "beta")!,
      /not Graph's own word .* connectorSync:graphEndpoint/,
    );
  });

  it("401, 400, 429 and 5xx each say what to check", () => {
    assert.match(hintFor({ ...context, status: 401 }, "beta")!, /tenant \(t1\), the client id and the cloud/);
    const fresh = hintFor({ ...context, status: 401, refusedToken: "fresh" }, "beta")!;
    assert.match(
      fresh,
      /^Graph refused a token fresh from Entra ID, so it is not a stale token\. If this app worked before/,
    );
    const renewed = hintFor({ ...context, status: 401, refusedToken: "renewed" }, "beta")!;
    assert.match(renewed, /cached earlier in this deployment, and then a fresh one from Entra ID too/);
    assert.match(renewed, /tenant \(t1\), the client id and the cloud belong together/);
    const cached = hintFor({ ...context, status: 401, refusedToken: "cached" }, "beta")!;
    assert.match(cached, /connectorSync:maxAttempts left no attempt for a fresh one/);
    assert.match(hintFor({ ...context, status: 400 }, "beta")!, /'fullSync' or 'deltaSync'/);
    assert.match(hintFor({ ...context, status: 429 }, "beta")!, /connectorSync:maxConcurrentRequests/);
    assert.match(hintFor({ ...context, status: 503 }, "beta")!, /after the retries/);
  });

  it("no answer: check the endpoint, the network and the proxy", () => {
    assert.match(
      hintFor({ code: "NetworkError" }, "beta")!,
      /Check connectorSync:graphEndpoint \(or CONNECTOR_SYNC_GRAPH_ENDPOINT\), unset, the network/,
    );
    // The hint names the setting where its value came from.
    const fromEnv = { graphEndpoint: "CONNECTOR_SYNC_GRAPH_ENDPOINT" };
    const fromConfig = { graphEndpoint: "connectorSync:graphEndpoint" };
    assert.match(
      hints.hintFor({ code: "Timeout" }, exchangeConnector, "beta", fromEnv)!,
      /^Check CONNECTOR_SYNC_GRAPH_ENDPOINT \(from the environment\), the network/,
    );
    assert.match(
      hints.hintFor(
        { code: "GraphError", status: 404, entityId: "c1", tenantId: "t1" },
        exchangeConnector,
        "beta",
        fromConfig,
      )!,
      /check connectorSync:graphEndpoint and any proxy/,
    );
    assert.match(hintFor({ code: "Timeout" }, "beta")!, /next `pulumi up`/);
  });

  it("are added by the provider to what the Graph client threw, and never replace a hint", () => {
    const bare = new ConnectorSyncError("Graph answered 429", {
      code: "GraphError",
      status: 429,
      attempts: 3,
    });
    const hinted = explained(bare, "beta") as ConnectorSyncError;
    assert.equal(hinted.attempts, 3);
    assert.equal(hinted.summary, "Graph answered 429");
    assert.match(hinted.message, /^Graph answered 429\nGraph kept throttling .*\n\(status 429\)$/);
    const own = new ConnectorSyncError("Cannot authenticate", {
      code: "AuthenticationFailed",
      hint: "Set it.",
    });
    assert.equal(explained(own, "beta"), own);
  });

  it("are the provider's: the Graph client names no setting, no resource input and not Pulumi", () => {
    for (const file of readdirSync("provider/graph")) {
      const text = readFileSync(`provider/graph/${file}`, "utf8");
      assert.doesNotMatch(text, /connectorSync:|pulumi|ignoreNotFound|waitForCompletion|triggers/i, file);
    }
  });
});
