import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";
const quoted = "it's-1";

describe("the emulator's Graph on the wire: headers, query options and routing as Graph's", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;

  before(async () => {
    const config = defaultConfig();
    // A connector whose id holds a quote, for OData's key syntax ('it''s-1').
    config.tenants[0].connectors.push({ ...config.tenants[0].connectors[0], id: quoted });
    emu = await startEmulator({ config: { ...config, syncCompletionMs: 0, intuneErrorEnvelope: false } });
    f = fixtures(emu);
    writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
  });
  after(() => emu?.stop());

  it("every Graph answer carries Graph's headers; client-request-id is the request-id when none was sent", async () => {
    const list = await call(emu, "GET", connectors, { token: writer });
    const sync = await call(emu, "POST", `${connectors}/${f.connectorsA[0]}/sync`, {
      token: writer,
      json: { syncType: "fullSync" },
      headers: { "client-request-id": "0c1d2e3f-0000-4000-8000-00000000abcd" },
    });
    for (const answer of [list, sync]) {
      assert.match(
        String(answer.headers["request-id"]),
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      assert.equal(answer.headers["odata-version"], "4.0");
      assert.equal(answer.headers["strict-transport-security"], "max-age=31536000");
      const diagnostic = JSON.parse(String(answer.headers["x-ms-ags-diagnostic"]));
      assert.deepEqual(Object.keys(diagnostic.ServerInfo), [
        "DataCenter",
        "Slice",
        "Ring",
        "ScaleUnit",
        "RoleInstance",
      ]);
    }
    assert.equal(list.headers["client-request-id"], list.headers["request-id"]);
    assert.equal(
      list.headers["content-type"],
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
    );
    assert.equal(sync.status, 204);
    assert.equal(sync.headers["client-request-id"], "0c1d2e3f-0000-4000-8000-00000000abcd");
    assert.equal(sync.headers["content-type"], undefined, "no body, no type");
  });

  it("$select on the list returns id and the properties chosen, and @odata.context says which", async () => {
    const list = await call(emu, "GET", `${connectors}?$select=status,lastSyncDateTime`, { token: writer });
    assert.equal(list.status, 200);
    assert.equal(
      list.body["@odata.context"],
      `${emu.url}/beta/$metadata#deviceManagement/exchangeConnectors(status,lastSyncDateTime)`,
    );
    for (const item of list.body.value)
      assert.deepEqual(Object.keys(item), ["id", "lastSyncDateTime", "status"]);
  });

  it("$select on one connector, without the $ and in another case, too", async () => {
    const one = await call(emu, "GET", `${connectors}/${f.connectorsA[1]}?select=Status`, { token: writer });
    assert.deepEqual(one.body, {
      "@odata.context": `${emu.url}/beta/$metadata#deviceManagement/exchangeConnectors(status)/$entity`,
      id: f.connectorsA[1],
      status: "connected",
    });
  });

  it("an unknown property in $select is Graph's 400", async () => {
    const answer = await call(emu, "GET", `${connectors}/${f.connectorsA[1]}?$select=status,foo`, {
      token: writer,
    });
    assert.deepEqual(
      [answer.status, answer.body.error.code, answer.body.error.message],
      [
        400,
        "BadRequest",
        "Could not find a property named 'foo' on type 'microsoft.graph.deviceManagementExchangeConnector'.",
      ],
    );
  });

  it("path segments in any case, and the version too", async () => {
    const answer = await call(emu, "GET", `/Beta/devicemanagement/EXCHANGECONNECTORS/${f.connectorsA[2]}`, {
      token: writer,
    });
    assert.deepEqual([answer.status, answer.body.id], [200, f.connectorsA[2]]);
    assert.match(answer.body["@odata.context"], /\/beta\/\$metadata#/);
  });

  it("the key form exchangeConnectors('id'), percent-encoded, with a quote doubled inside the key", async () => {
    const plain = await call(emu, "GET", `${connectors}('${f.connectorsA[0]}')`, { token: writer });
    assert.deepEqual([plain.status, plain.body.id], [200, f.connectorsA[0]]);
    const escaped = await call(emu, "GET", `${connectors}(%27it%27%27s-1%27)`, { token: writer });
    assert.deepEqual([escaped.status, escaped.body.id], [200, quoted]);
    const sync = await call(emu, "POST", `${connectors}('it''s-1')/sync`, {
      token: writer,
      json: { syncType: "deltaSync" },
    });
    assert.equal(sync.status, 204);
    assert.equal(emu.log.entries({ route: "sync" }).at(-1)!.connectorId, quoted);
  });

  it("a key that is not a quoted string, or broken percent-encoding, is a 400", async () => {
    const unquoted = await call(emu, "GET", `${connectors}(abc)`, { token: writer });
    assert.deepEqual([unquoted.status, unquoted.body.error.code], [400, "BadRequest"]);
    assert.match(
      unquoted.body.error.message,
      /must be a string in single quotes, such as exchangeConnectors\('id'\)/,
    );
    const broken = await call(emu, "GET", `${connectors}/%E0%A4%A`, { token: writer });
    assert.deepEqual([broken.status, broken.body.error.code], [400, "BadRequest"]);
  });

  it("a sync body with another property, or not JSON, is a 400 BadRequest", async () => {
    for (const raw of ['{"syncType":"fullSync","foo":1}', "syncType=fullSync", '["fullSync"]']) {
      const answer = await call(emu, "POST", `${connectors}/${f.connectorsA[0]}/sync`, {
        token: writer,
        raw,
      });
      assert.deepEqual([answer.status, answer.body.error.code], [400, "BadRequest"], raw);
    }
  });
});
