import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import { type Emulator, startEmulator } from "../../emulator";
import { fixtures } from "../../support/emulator";
import { call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";

describe("the emulator's routes: what each request is, for the log and for faults", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  /** The last log entry, as [route, status]. */
  const last = () => {
    const entry = emu.log.entries().at(-1)!;
    return [entry.route, entry.status];
  };

  before(async () => {
    emu = await startEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("the OIDC issuer publishes a discovery document whose keys verify the tokens it mints", async () => {
    emu.log.clear();
    const discovery = await call(emu, "GET", "/oidc/.well-known/openid-configuration");
    assert.equal(discovery.body.issuer, emu.oidc.issuer);
    const keys = await call(emu, "GET", new URL(discovery.body.jwks_uri).pathname);
    const minted = await emu.oidc.mintToken({ subject: "system:serviceaccount:platform:deployer" });
    const { payload } = await jwtVerify(minted, createLocalJWKSet(keys.body), { issuer: emu.oidc.issuer });
    assert.equal(payload.sub, "system:serviceaccount:platform:deployer");
    assert.deepEqual(
      emu.log.entries().map((e) => [e.route, e.status]),
      [
        ["oidc", 200],
        ["oidc", 200],
      ],
    );
  });

  it("an unknown path is 404 UnknownRoute, logged as unknown", async () => {
    const answer = await call(emu, "GET", "/beta/deviceManagement/managedDevices");
    assert.deepEqual([answer.status, answer.body.error.code], [404, "UnknownRoute"]);
    assert.deepEqual(last(), ["unknown", 404]);
  });

  it("a wrong method is Intune's 400 on Graph's routes, a 405 elsewhere; a wrong Graph version is 400 whatever the method", async () => {
    const writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    const getSync = await call(emu, "GET", `${connectors}/${f.connectorsA[0]}/sync`, { token: writer });
    assert.deepEqual([getSync.status, getSync.body.error.code], [400, "No method match route template"]);
    assert.equal(
      getSync.body.error.message,
      `No OData route exists that match template ~/singleton/navigation/key/action with http verb GET for request /StatelessExchangeConnectorFEService/deviceManagement/exchangeConnectors('${f.connectorsA[0]}')/microsoft.management.services.api.sync.`,
    );
    assert.deepEqual(last(), ["sync", 400]);
    assert.equal((await call(emu, "GET", `/${f.tenantA}/oauth2/v2.0/token`)).status, 405);
    assert.deepEqual(last(), ["token", 405]);
    for (const method of ["GET", "POST"]) {
      const answer = await call(emu, method, "/v2.0/deviceManagement/exchangeConnectors", { token: writer });
      assert.deepEqual([answer.status, answer.body.error.code], [400, "BadRequest"]);
      assert.match(answer.body.error.message, /Invalid version: 'v2\.0'/);
      assert.equal(emu.log.entries().at(-1)!.apiVersion, "v2.0");
    }
  });

  it("a token request is logged with the tenant its domain stands for and the client it names", async () => {
    await tokenFor(emu, "Contoso.onmicrosoft.com", f.reader.clientId, f.reader.secret);
    const entry = emu.log.entries().at(-1)!;
    assert.deepEqual([entry.route, entry.tenantId, entry.appId], ["token", f.tenantA, f.reader.clientId]);
  });

  it("a Graph request is logged with the tenant and app its token proves, and the connector decoded", async () => {
    const token = await tokenFor(emu, f.tenantB, f.writer.clientId, f.writer.secret);
    await call(emu, "GET", `${connectors}/${encodeURIComponent("no such/connector")}`, { token });
    const entry = emu.log.entries().at(-1)!;
    assert.deepEqual(
      [entry.route, entry.tenantId, entry.appId, entry.connectorId, entry.status],
      ["getConnector", f.tenantB, f.writer.clientId, "no such/connector", 404],
    );
  });

  it("a fault on the token route answers before Entra ID looks at the request", async () => {
    emu.faults.add({ route: "token", tenantId: f.tenantB, responses: [{ status: 503 }] });
    const answer = await call(emu, "POST", `/${f.tenantB}/oauth2/v2.0/token`, { form: {} });
    assert.deepEqual([answer.status, answer.body.error.code], [503, "ServiceUnavailable"]);
    assert.equal((await call(emu, "POST", `/${f.tenantB}/oauth2/v2.0/token`, { form: {} })).status, 400);
  });

  it("a CI stand-in refuses a wrong request token with 401, and logs the header redacted", async () => {
    const path = new URL(emu.ci.githubRequestUrl).pathname;
    const answer = await call(emu, "GET", path, { headers: { authorization: "Bearer wrong" } });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.value, undefined);
    const entry = emu.log.entries().at(-1)!;
    assert.deepEqual([entry.route, entry.headers.authorization], ["ci-oidc", "[redacted]"]);
  });

  it("the control API's own calls are not logged", async () => {
    emu.log.clear();
    assert.deepEqual((await call(emu, "GET", "/_emulator/log")).body, { value: [], dropped: 0 });
    await call(emu, "POST", "/_emulator/throttle", { json: { capacity: 5, refillPerSecond: 1 } });
    await call(emu, "DELETE", "/_emulator/throttle");
    await call(emu, "POST", "/_emulator/faults", { json: { route: "sync", responses: [{ status: 503 }] } });
    await call(emu, "DELETE", "/_emulator/faults");
    assert.equal(emu.log.count(), 0);
  });

  it("a control path answers only its methods; a body it cannot use is a 400, and the server goes on", async () => {
    emu.log.clear();
    const put = await call(emu, "PUT", "/_emulator/log");
    assert.deepEqual(
      [put.status, put.body.error.message],
      [405, "PUT is not allowed here; use GET or DELETE."],
    );
    assert.equal((await call(emu, "POST", "/_emulator/faults")).status, 400);
    assert.equal((await call(emu, "GET", "/_emulator/log")).status, 200);
    assert.equal(emu.log.count(), 0);
    assert.equal((await call(emu, "GET", "/_emulator/nothing")).status, 404);
    assert.deepEqual(last(), ["unknown", 404]);
  });

  it("each CI stand-in answers the method its CI system uses", async () => {
    const github = new URL(emu.ci.githubRequestUrl).pathname;
    const pipelines = new URL(emu.ci.azurePipelinesRequestUri).pathname;
    assert.equal((await call(emu, "POST", github)).status, 405);
    assert.equal((await call(emu, "GET", pipelines)).status, 405);
    assert.deepEqual(last(), ["ci-oidc", 405]);
  });
});
