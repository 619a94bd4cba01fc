import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ConnectorSyncError, getExchangeConnectors } from "../../provider";
import { emulatorEnv } from "../../support/emulator";
import { integrationSuite } from "./fixture";
import { answer, stubGraph } from "./stub";

// Outside a Pulumi program there is no stack config: the settings come from the environment.
describe("getExchangeConnectors against the emulator", () => {
  const suite = integrationSuite();

  it("lists the default tenant's connectors with Graph's string fields, one token for two listings", async () => {
    const { emu, f } = suite;
    const [first, again] = await suite.run(async () => [
      await getExchangeConnectors(),
      await getExchangeConnectors({ tenantId: f.tenantA }),
    ]);
    assert.deepEqual(
      first.map((c) => c.id),
      f.connectorsA,
    );
    const { id, status, lastSyncDateTime, serverName, exchangeConnectorType } =
      emu.config.tenants[0].connectors[2];
    assert.deepEqual(
      { ...first[2] },
      { ...first[2], id, status, lastSyncDateTime, serverName, exchangeConnectorType },
    );
    assert.ok(!("@odata.context" in first[2]), "only the connector's own fields");
    assert.deepEqual(again, first);
    assert.equal(emu.log.count({ route: "listConnectors" }), 2);
    assert.equal(emu.log.count({ route: "token" }), 1);
  });

  it("refuses a bad argument by name, value and what is allowed, before any call", async () => {
    const { emu } = suite;
    const refusal = (args: Record<string, unknown>) =>
      suite.run(() =>
        getExchangeConnectors(args as never).then(
          () => assert.fail("should be refused"),
          (error: unknown) => {
            assert.ok(error instanceof ConnectorSyncError);
            assert.equal(error.code, "InvalidArgument");
            return error.message;
          },
        ),
      );
    assert.match(
      await refusal({ cloud: "AzureChinaCloud" }),
      /cloud is "AzureChinaCloud": .*Did you mean 'china'/,
    );
    assert.match(
      await refusal({ tenantId: "not a tenant" }),
      /^getExchangeConnectors: tenantId is "not a tenant"/,
    );
    assert.match(
      await refusal({ connectorId: "x" }),
      /'connectorId' is not an argument; the arguments are tenantId, cloud, apiVersion/,
    );
    assert.equal(emu.log.count(), 0);
  });

  it("fails as the resource does: a tenant the app is not in is refused by Entra ID, with no secret shown", async () => {
    const { emu, f } = suite;
    const error = await suite.run(
      () => getExchangeConnectors({ tenantId: f.tenantB }).catch((e: unknown) => e),
      emulatorEnv(emu, f.reader),
    );
    assert.ok(error instanceof ConnectorSyncError, String(error));
    assert.equal(error.code, "AuthenticationFailed");
    assert.ok(!error.message.includes(f.reader.secret));
    assert.equal(emu.log.count({ route: "listConnectors" }), 0);
  });
});

// A listing is read as hostile as any other answer: an entry a sync could not name is left out,
// with a warning that counts it, and every string is made safe before a program sees it.
describe("getExchangeConnectors against a hostile Graph", () => {
  const suite = integrationSuite();

  it("leaves out entries whose id is no plain id, warns how many, and makes every string safe", async () => {
    const long = "a".repeat(128);
    const graph = await stubGraph((_, res) =>
      answer(res, 200, {
        value: [
          { status: "connected" },
          { id: { a: 1 } },
          { id: "x".repeat(129) },
          { id: "../sync" },
          { id: long },
          {
            id: "ok-1",
            status: "\u001b[2J\u001b[31mconnected\u202e",
            serverName: `${"z".repeat(20_000)}`,
            version: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln",
          },
        ],
      }),
    );
    const warn = mock.method(pulumi.log, "warn", async () => undefined);
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const listed = await suite.run(() => getExchangeConnectors(), env);
      assert.deepEqual(
        listed.map((c) => c.id),
        [long, "ok-1"],
      );
      const hostile = listed[1];
      assert.equal(hostile.status, "connected");
      assert.equal(hostile.serverName, `${"z".repeat(200)}…`);
      assert.equal(hostile.version, "[redacted]");
      const warnings = warn.mock.calls.map((call) => String(call.arguments[0]));
      assert.equal(warnings.length, 1);
      assert.match(
        warnings[0],
        /listed 4 connectors of tenant .* whose id is missing or not a plain id; they are left out/,
      );
    } finally {
      warn.mock.restore();
      await graph.stop();
    }
  });
});

// Graph pages a collection with @odata.nextLink, a URL the server chooses, to which the token goes.
describe("getExchangeConnectors across pages", () => {
  const suite = integrationSuite();
  const base = "/beta/deviceManagement/exchangeConnectors";

  async function listAgainst(nextLink: (page: number, origin: string) => string | undefined, perPage = 1) {
    let origin = "";
    const graph = await stubGraph((request, res) => {
      const page = Number(new URL(request.path, "http://x").searchParams.get("$skiptoken") ?? 0);
      const next = nextLink(page, origin);
      const value = Array.from({ length: perPage }, (_, i) => ({
        id: i === 0 ? `c${page}` : `c${page}-${i}`,
      }));
      answer(res, 200, { value, ...(next ? { "@odata.nextLink": next } : {}) });
    });
    origin = graph.url;
    const warn = mock.method(pulumi.log, "warn", async () => undefined);
    try {
      const env = { ...suite.env, CONNECTOR_SYNC_GRAPH_ENDPOINT: graph.url };
      const listed = await suite.run(() => getExchangeConnectors(), env);
      const warnings = warn.mock.calls.map((call) => String(call.arguments[0]));
      return { ids: listed.map((c) => c.id), warnings, requests: graph.requests.map((r) => r.path) };
    } finally {
      warn.mock.restore();
      await graph.stop();
    }
  }

  it("follows every page of the collection, and warns of nothing", async () => {
    const { ids, warnings, requests } = await listAgainst((page, origin) =>
      page < 2 ? `${origin}${base}?$skiptoken=${page + 1}` : undefined,
    );
    assert.deepEqual(ids, ["c0", "c1", "c2"]);
    assert.deepEqual(warnings, []);
    assert.equal(requests.length, 3);
  });

  it("follows no link off the collection or its origin, and warns that a page was not read", async () => {
    for (const link of [
      "https://evil.example/beta/deviceManagement/exchangeConnectors?$skiptoken=1",
      (o: string) => `${o}/beta/users?$skiptoken=1`,
    ]) {
      const { ids, warnings, requests } = await listAgainst((page, origin) =>
        page === 0 ? (typeof link === "string" ? link : link(origin)) : undefined,
      );
      assert.deepEqual(ids, ["c0"]);
      assert.equal(requests.length, 1, "the token went nowhere else");
      assert.match(warnings[0], /a further page .* that was not read/);
    }
  });

  it("keeps 10,000 entries in all, however many each page holds", async () => {
    const { ids, warnings, requests } = await listAgainst(
      (page, origin) => `${origin}${base}?$skiptoken=${page + 1}`,
      6_000,
    );
    assert.equal(requests.length, 2);
    assert.equal(ids.length, 10_000);
    assert.match(warnings[0], /a further page .* that was not read/);
  });

  it("stops after 100 pages of a collection that never ends", async () => {
    const { ids, warnings, requests } = await listAgainst(
      (page, origin) => `${origin}${base}?$skiptoken=${page + 1}`,
    );
    assert.equal(requests.length, 100);
    assert.equal(ids.length, 100);
    assert.match(warnings[0], /past 100 pages/);
  });
});
