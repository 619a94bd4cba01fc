import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConnectorSyncError, connectorSyncProvider as provider } from "../../provider";
import { emulatorEnv } from "../../support/emulator";
import { integrationSuite } from "./fixture";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the error shows anywhere: its message and every field. */
const shown = (error: ConnectorSyncError) => `${error.message}\n${JSON.stringify(error)}`;

// Graph forwards Intune's refusals with error.message as Intune's JSON envelope (the emulator's default).
describe("Intune's error envelope", () => {
  const suite = integrationSuite();

  async function failure(news: Record<string, unknown>, env = suite.env) {
    const error = await suite.createFailure(news, env);
    assert.ok(error instanceof ConnectorSyncError, String(error));
    // Nothing of the JSON, Intune's internal URL or its empty fields reaches the user.
    assert.doesNotMatch(
      shown(error),
      /_version|CustomApiErrorPhrase|ErrorSourceService|HttpHeaders|fef\.|[{}]\\r/,
    );
    return error;
  }

  it("404: the readable sentence, with the Operation ID and the Activity ID as fields", async () => {
    const { emu, f } = suite;
    const error = await failure({ connectorId: "typo" });
    const [post] = emu.log.entries({ route: "sync" });
    assert.equal(error.status, 404);
    assert.equal(error.graphCode, "ResourceNotFound");
    assert.equal(error.graphMessage, "An error has occurred");
    assert.match(error.operationId!, guid);
    assert.equal(error.activityId, post.requestId);
    assert.equal(error.requestId, post.requestId);
    assert.ok(
      error.message.startsWith(
        `Graph answered 404 for connector 'typo' in tenant ${f.tenantA}: An error has occurred\n`,
      ),
      error.message,
    );
    // The Activity ID is the request-id, so only the Operation ID is added to the ids.
    assert.match(
      error.message,
      new RegExp(`request-id ${post.requestId}, client-request-id .*, operation-id ${error.operationId}\\)$`),
    );
    assert.doesNotMatch(error.message, /activity-id/);
    assert.deepEqual(error.connectorIds, f.connectorsA, "the hint still lists the tenant's connectors");
  });

  it("403: the sentence and ids, and the hint on the permission", async () => {
    const { emu, f } = suite;
    const error = await failure({ connectorId: f.connectorsA[0] }, emulatorEnv(emu, f.reader));
    assert.equal(error.status, 403);
    assert.equal(error.graphMessage, "An error has occurred");
    assert.match(error.operationId!, guid);
    assert.match(error.message, /application permission DeviceManagementServiceConfig\.ReadWrite\.All/);
  });

  it("a 503 after the retries: the last attempt's sentence and ids", async () => {
    const { emu, f } = suite;
    emu.faults.add({ route: "sync", responses: [{ status: 503 }, { status: 503 }] });
    const config: Record<string, string> = { "connectorSync:maxAttempts": "2" };
    const get = (key: string) => config[key];
    const error = await suite.run(async () => {
      await provider.configure({ config: { get, require: get } });
      return failure({ connectorId: f.connectorsA[1] });
    });
    const attempts = emu.log.entries({ route: "sync" });
    assert.deepEqual(
      attempts.map((e) => e.status),
      [503, 503],
    );
    assert.equal(error.status, 503);
    assert.equal(error.graphCode, "ServiceUnavailable");
    assert.equal(error.graphMessage, "An error has occurred");
    assert.equal(error.activityId, attempts[1].requestId);
    assert.match(error.operationId!, guid);
  });
});

describe("Graph's plain messages (intuneErrorEnvelope: false)", () => {
  const suite = integrationSuite({ intuneErrorEnvelope: false });

  it("404: Graph's sentence as it came, and no Intune ids", async () => {
    const error = await suite.createFailure({ connectorId: "typo" });
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.status, 404);
    assert.equal(
      error.graphMessage,
      "Resource not found for the segment 'exchangeConnectors'. No connector 'typo' in this tenant.",
    );
    assert.equal(error.operationId, undefined);
    assert.equal(error.activityId, undefined);
    assert.doesNotMatch(error.message, /operation-id|activity-id/);
  });
});
