import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig, type EmulatorConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";

/** An emulator with these changes to the default, and a token for each default app in tenant A. */
async function emulatorWith(changes: Partial<EmulatorConfig> = {}) {
  const emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0, ...changes } });
  const f = fixtures(emu);
  const writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
  const reader = await tokenFor(emu, f.tenantA, f.reader.clientId, f.reader.secret);
  return { emu, f, writer, reader };
}

/** The status of one fullSync on a fresh emulator with these changes, by that default app. */
async function syncElsewhere(changes: Partial<EmulatorConfig>, app: "writer" | "reader", version: string) {
  const other = await emulatorWith(changes);
  try {
    const path = `/${version}/deviceManagement/exchangeConnectors/${other.f.connectorsA[0]}/sync`;
    return (await call(other.emu, "POST", path, { token: other[app], json: { syncType: "fullSync" } }))
      .status;
  } finally {
    await other.emu.stop();
  }
}

describe("the emulator's Graph", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  let writer: string;
  let reader: string;
  const sync = (id: string, body: unknown, token = writer, version = "beta") =>
    call(emu, "POST", `/${version}/deviceManagement/exchangeConnectors/${id}/sync`, { token, json: body });

  // Plain sentences, to assert what each refusal says; intune.test.ts has Intune's envelope.
  before(async () => {
    ({ emu, f, writer, reader } = await emulatorWith({ intuneErrorEnvelope: false }));
  });
  after(() => emu?.stop());

  it("a sync with the write role is 204 with no body, request-id set and client-request-id echoed", async () => {
    emu.log.clear();
    const answer = await call(emu, "POST", `${connectors}/${f.connectorsA[0]}/sync`, {
      token: writer,
      json: { syncType: "deltaSync" },
      headers: { "client-request-id": "1f0e2d3c-0000-4000-8000-000000000001" },
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.text, "");
    assert.match(String(answer.headers["request-id"]), /^[0-9a-f-]{36}$/);
    assert.equal(answer.headers["client-request-id"], "1f0e2d3c-0000-4000-8000-000000000001");
    const [entry] = emu.log.entries({ route: "sync" });
    assert.deepEqual(
      [
        entry.tenantId,
        entry.appId,
        entry.connectorId,
        entry.apiVersion,
        entry.status,
        entry.headers.authorization,
      ],
      [f.tenantA, f.writer.clientId, f.connectorsA[0], "beta", 204, "[redacted]"],
    );
    assert.deepEqual(entry.body, { syncType: "deltaSync" });
  });

  it("lists and gets connectors with every entity property", async () => {
    const list = await call(emu, "GET", connectors, { token: reader });
    assert.deepEqual(
      list.body.value.map((c: { id: string }) => c.id),
      f.connectorsA,
    );
    const one = await call(emu, "GET", `${connectors}/${f.connectorsA[1]}`, { token: reader });
    for (const property of [
      "id",
      "lastSyncDateTime",
      "status",
      "primarySmtpAddress",
      "serverName",
      "connectorServerName",
      "exchangeConnectorType",
      "version",
      "exchangeAlias",
      "exchangeOrganization",
    ]) {
      assert.ok(property in one.body, `${property} is returned`);
    }
  });

  it("refuses a missing, foreign-signed or expired token with 401 InvalidAuthenticationToken", async () => {
    const foreign = await emu.oidc.mintToken({ subject: "x", audience: "https://graph.microsoft.com" });
    const expiring = await emulatorWith({ tokenLifetimeSeconds: -60 });
    try {
      const answers = [
        await call(emu, "GET", connectors),
        await call(emu, "GET", connectors, { token: "not-a-jwt" }),
        await call(emu, "GET", connectors, { token: foreign }),
        await call(expiring.emu, "GET", connectors, { token: expiring.writer }),
      ];
      assert.deepEqual(
        answers.map((a) => [a.status, a.body.error.code]),
        Array(4).fill([401, "InvalidAuthenticationToken"]),
      );
      assert.match(answers[3].body.error.message, /expired/);
    } finally {
      await expiring.emu.stop();
    }
  });

  it("refuses a token for another cloud's Graph host: 401 with the audience named", async () => {
    const usGov = await call(emu, "POST", `/${f.tenantA}/oauth2/v2.0/token`, {
      form: {
        grant_type: "client_credentials",
        client_id: f.writer.clientId,
        client_secret: f.writer.secret,
        scope: "https://graph.microsoft.us/.default",
      },
    });
    const answer = await call(emu, "GET", connectors, { token: usGov.body.access_token });
    assert.equal(answer.status, 401);
    assert.match(answer.body.error.message, /Invalid audience 'https:\/\/graph\.microsoft\.us'/);
  });

  it("answers errors in Graph's shape, innerError included", async () => {
    const answer = await sync("no-such-connector", { syncType: "fullSync" });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "ResourceNotFound");
    const inner = answer.body.error.innerError;
    assert.equal(inner["request-id"], answer.headers["request-id"]);
    assert.match(inner.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it("a read-only role may read on beta but not sync: 403 names the permissions", async () => {
    assert.equal(
      (await call(emu, "GET", `${connectors}/${f.connectorsA[0]}`, { token: reader })).status,
      200,
    );
    const refused = await sync(f.connectorsA[0], { syncType: "fullSync" }, reader);
    assert.equal(refused.status, 403);
    assert.match(
      refused.body.error.message,
      /DeviceManagementServiceConfig\.ReadWrite\.All, DeviceManagementConfiguration\.ReadWrite\.All/,
    );
  });

  it("v1.0 refuses application tokens, as the v1.0 page says", async () => {
    const refused = await sync(f.connectorsA[0], { syncType: "fullSync" }, writer, "v1.0");
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /not supported/);
    assert.equal(
      (await call(emu, "GET", `/v1.0/deviceManagement/exchangeConnectors`, { token: writer })).status,
      403,
    );
  });

  it("v1.0 accepts application tokens when configured to", async () => {
    assert.equal(await syncElsewhere({ v1AcceptsApplicationTokens: true }, "writer", "v1.0"), 204);
  });

  it("beta accepts DeviceManagementConfiguration.ReadWrite.All too", async () => {
    const config = defaultConfig();
    config.apps[1].roles = { [config.tenants[0].tenantId]: ["DeviceManagementConfiguration.ReadWrite.All"] };
    assert.equal(await syncElsewhere(config, "reader", "beta"), 204);
  });

  it("a body without syncType exactly fullSync or deltaSync is a 400", async () => {
    const bodies = [{}, { syncType: "FullSync" }, { syncType: "incremental" }, { synctype: "fullSync" }];
    for (const body of bodies) {
      const answer = await sync(f.connectorsA[0], body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, "BadRequest");
    }
    const notJson = await call(emu, "POST", `${connectors}/${f.connectorsA[0]}/sync`, {
      token: writer,
      raw: "fullSync",
    });
    assert.equal(notJson.status, 400);
  });

  it("a sync moves lastSyncDateTime forward after the configured delay", async () => {
    const slow = await emulatorWith({ syncCompletionMs: 3_600_000 });
    try {
      const id = slow.f.connectorsA[0];
      const before = slow.emu.connector(slow.f.tenantA, id)!.lastSyncDateTime;
      await call(slow.emu, "POST", `${connectors}/${id}/sync`, {
        token: slow.writer,
        json: { syncType: "fullSync" },
      });
      assert.equal(
        slow.emu.connector(slow.f.tenantA, id)!.lastSyncDateTime,
        before,
        "not yet: an hour to go",
      );
    } finally {
      await slow.emu.stop();
    }
    const requested = Date.now();
    await sync(f.connectorsA[2], { syncType: "fullSync" });
    const after = (await call(emu, "GET", `${connectors}/${f.connectorsA[2]}`, { token: reader })).body;
    assert.ok(Date.parse(after.lastSyncDateTime) >= requested, "with no delay it has completed");
  });
});
