import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { type Answer, call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";
const guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Intune's error.message, read as a client must: a JSON document in a string. */
function envelope(answer: Answer) {
  const { message } = answer.body.error;
  assert.equal(typeof message, "string");
  assert.match(message, /^\{\r\n {2}"_version": 3,\r\n {2}"Message": "/, "two-space indent, CRLF line ends");
  const inner = JSON.parse(message);
  assert.deepEqual(Object.keys(inner), [
    "_version",
    "Message",
    "CustomApiErrorPhrase",
    "RetryAfter",
    "ErrorSourceService",
    "HttpHeaders",
  ]);
  assert.deepEqual(
    [inner.CustomApiErrorPhrase, inner.RetryAfter, inner.ErrorSourceService, inner.HttpHeaders],
    ["", null, "", "{}"],
  );
  const parts = new RegExp(
    `^An error has occurred - Operation ID \\(for customer support\\): (${guid}) - Activity ID: (${guid}) - Url: (https://fef\\.\\S+) - CustomApiErrorPhrase: $`,
  ).exec(inner.Message);
  assert.ok(parts, inner.Message);
  return { operationId: parts[1], activityId: parts[2], url: parts[3] };
}

describe("the emulator's Intune: its refusals in Intune's envelope, by default", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  let reader: string;
  const sync = (id: string, body: unknown, token = writer) =>
    call(emu, "POST", `${connectors}/${encodeURIComponent(id)}/sync`, { token, json: body });

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0 } });
    f = fixtures(emu);
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    reader = await tokenFor(emu, f.tenantA, f.reader.clientId, f.reader.secret);
  });
  after(() => emu?.stop());

  it("an unknown connector: 404 ResourceNotFound, the Activity ID the request-id, Intune's URL with the key", async () => {
    const answer = await sync("no such'one", { syncType: "fullSync" });
    assert.deepEqual([answer.status, answer.body.error.code], [404, "ResourceNotFound"]);
    const { activityId, url } = envelope(answer);
    assert.equal(activityId, answer.headers["request-id"]);
    assert.deepEqual(Object.keys(answer.body.error.innerError), ["date", "request-id", "client-request-id"]);
    assert.equal(answer.body.error.innerError["request-id"], activityId);
    assert.equal(
      url,
      "https://fef.msub01.manage.microsoft.com/StatelessExchangeConnectorFEService/deviceManagement/exchangeConnectors%28%27no%20such''one%27%29/microsoft.management.services.api.sync?api-version=5025-06-12",
    );
  });

  it("each error has an Operation ID of its own", async () => {
    const first = envelope(await sync("gone", { syncType: "fullSync" }));
    const second = envelope(await sync("gone", { syncType: "fullSync" }));
    assert.notEqual(first.operationId, second.operationId);
  });

  it("a missing permission (403 Forbidden) and a bad body (400 BadRequest) come in the envelope too", async () => {
    const forbidden = await sync(f.connectorsA[0], { syncType: "fullSync" }, reader);
    assert.deepEqual([forbidden.status, forbidden.body.error.code], [403, "Forbidden"]);
    envelope(forbidden);
    const bad = await sync(f.connectorsA[0], { syncType: "fullSync", foo: 1 });
    assert.deepEqual([bad.status, bad.body.error.code], [400, "BadRequest"]);
    envelope(bad);
  });

  it("a fault's 429 and 503 on a connector route: Intune's envelope, Graph's codes", async () => {
    emu.faults.add({ route: "sync", responses: [{ status: 429 }, { status: 503, retryAfter: 3 }] });
    const throttled = await sync(f.connectorsA[0], { syncType: "fullSync" });
    assert.deepEqual(
      [throttled.status, throttled.body.error.code, throttled.headers["retry-after"]],
      [429, "TooManyRequests", undefined],
    );
    envelope(throttled);
    const unavailable = await sync(f.connectorsA[0], { syncType: "fullSync" });
    assert.deepEqual(
      [unavailable.status, unavailable.body.error.code, unavailable.headers["retry-after"]],
      [503, "ServiceUnavailable", "3"],
    );
    envelope(unavailable);
  });

  it("Graph's front door keeps its plain words: a 401, an unknown $select property, another method", async () => {
    const unauthenticated = await call(emu, "GET", connectors);
    assert.equal(unauthenticated.body.error.message, "Access token is empty.");
    const selected = await call(emu, "GET", `${connectors}?$select=nothing`, { token: writer });
    assert.match(selected.body.error.message, /^Could not find a property named 'nothing'/);
    const getSync = await call(emu, "GET", `${connectors}/${f.connectorsA[0]}/sync`, { token: writer });
    assert.match(getSync.body.error.message, /^No OData route exists that match template/);
  });

  it("with intuneErrorEnvelope false, the same refusal is a plain sentence", async () => {
    const plain = await startEmulator({ config: { intuneErrorEnvelope: false } });
    try {
      const pf = fixtures(plain);
      const token = await tokenFor(plain, pf.tenantA, pf.writer.clientId, pf.writer.secret);
      const answer = await call(plain, "POST", `${connectors}/gone/sync`, {
        token,
        json: { syncType: "fullSync" },
      });
      assert.equal(
        answer.body.error.message,
        "Resource not found for the segment 'exchangeConnectors'. No connector 'gone' in this tenant.",
      );
    } finally {
      await plain.stop();
    }
  });
});
