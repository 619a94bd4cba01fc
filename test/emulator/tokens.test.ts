import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { decodeJwt } from "jose";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { call, tokenFor } from "../support/https";

const connectors = "/beta/deviceManagement/exchangeConnectors";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const challenge =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

describe("the emulator's tokens: as Entra ID issues them, as Graph refuses them", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    call(emu, "POST", `/${f.tenantA}/oauth2/v2.0/token`, {
      form: { grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default", ...form },
      headers,
    });
  const list = (bearer?: string) => call(emu, "GET", connectors, { token: bearer });

  before(async () => {
    emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0 } });
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("every 401 from Graph carries its WWW-Authenticate challenge, an expired token's too", async () => {
    const expiring = await startEmulator({ config: { tokenLifetimeSeconds: -60 } });
    try {
      const ef = fixtures(expiring);
      const expired = await tokenFor(expiring, ef.tenantA, ef.writer.clientId, ef.writer.secret);
      const answers = [
        await list(),
        await list("not-a-jwt"),
        await call(expiring, "GET", connectors, { token: expired }),
      ];
      for (const answer of answers) {
        assert.deepEqual([answer.status, answer.headers["www-authenticate"]], [401, challenge]);
      }
      assert.equal(answers[2].body.error.message, "Lifetime validation failed, the token is expired.");
    } finally {
      await expiring.stop();
    }
  });

  it("revokeTokens(): a token issued before is a 401 from then on, one asked for afterwards works", async () => {
    const before = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    assert.equal((await list(before)).status, 200);
    emu.revokeTokens();
    const refused = await list(before);
    assert.deepEqual(
      [refused.status, refused.body.error.code, refused.headers["www-authenticate"]],
      [401, "InvalidAuthenticationToken", challenge],
    );
    assert.equal(refused.body.error.message, "Access token validation failure. The token has been revoked.");
    const fresh = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    assert.equal((await list(fresh)).status, 200);
  });

  it("POST /_emulator/revoke-tokens does the same for a program in another process", async () => {
    const before = await tokenFor(emu, f.tenantA, f.reader.clientId, f.reader.secret);
    assert.equal((await call(emu, "POST", "/_emulator/revoke-tokens")).status, 204);
    assert.equal((await list(before)).status, 401);
    assert.equal(
      (await list(await tokenFor(emu, f.tenantA, f.reader.clientId, f.reader.secret))).status,
      200,
    );
  });

  it("a v1.0 access token: sub is the oid, a GUID; appidacr 1 for a secret; no azp", async () => {
    const claims = decodeJwt(await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret));
    assert.equal(claims.ver, "1.0");
    assert.match(String(claims.oid), guid);
    assert.equal(claims.sub, claims.oid);
    assert.equal(claims.appidacr, "1");
    assert.equal(claims.azp, undefined);
    assert.equal(claims.idtyp, "app");
    assert.equal(claims.app_displayname, "platform-deployer");
    assert.equal(claims.idp, `https://sts.windows.net/${f.tenantA}/`);
    assert.equal(typeof claims.uti, "string");
    const again = decodeJwt(await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret));
    assert.equal(again.oid, claims.oid, "one service principal per app and tenant");
    assert.notEqual(again.uti, claims.uti);
  });

  it("appidacr is 2 for an assertion (a federated token here; a certificate's in entra.test)", async () => {
    const self = await emu.oidc.mintToken({ subject: emu.config.apps[0].federatedCredentials![0].subject });
    const answer = await token({
      client_id: f.writer.clientId,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: self,
    });
    assert.equal(decodeJwt(answer.body.access_token).appidacr, "2");
  });

  it("the scope by Graph's app id gives a token whose aud is that id, which Graph accepts", async () => {
    const answer = await token({
      client_id: f.writer.clientId,
      client_secret: f.writer.secret,
      scope: "00000003-0000-0000-c000-000000000000/.default",
    });
    assert.equal(decodeJwt(answer.body.access_token).aud, "00000003-0000-0000-c000-000000000000");
    assert.equal((await list(answer.body.access_token)).status, 200);
  });

  it("a token answer, a refusal too, is never to be cached", async () => {
    const good = await token({ client_id: f.writer.clientId, client_secret: f.writer.secret });
    const bad = await token({ client_id: f.writer.clientId, client_secret: "wrong" });
    for (const answer of [good, bad]) {
      assert.deepEqual(
        [answer.headers["cache-control"], answer.headers.pragma],
        ["no-store, no-cache", "no-cache"],
      );
    }
  });

  it("Entra ID's error body: the caller's client-request-id as correlation_id, its trace id, its time", async () => {
    const correlation = "5e6f7a8b-0000-4000-8000-0000000000c1";
    const answer = await token(
      { client_id: f.writer.clientId, client_secret: "wrong" },
      { "client-request-id": correlation },
    );
    const body = answer.body;
    assert.deepEqual(Object.keys(body), [
      "error",
      "error_description",
      "error_codes",
      "timestamp",
      "trace_id",
      "correlation_id",
      "error_uri",
    ]);
    assert.deepEqual([answer.status, body.error, body.error_codes], [401, "invalid_client", [7000215]]);
    assert.equal(body.correlation_id, correlation);
    assert.equal(body.trace_id, answer.headers["x-ms-request-id"]);
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.equal(body.error_uri, "https://login.microsoftonline.com/error?code=7000215");
    assert.ok(
      body.error_description.endsWith(
        `\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${body.timestamp}`,
      ),
      body.error_description,
    );
    const [one, two] = [await token({ client_id: "x" }), await token({ client_id: "x" })];
    assert.match(one.body.correlation_id, guid);
    assert.notEqual(
      one.body.correlation_id,
      two.body.correlation_id,
      "a fresh one when the caller sends none",
    );
  });

  it("the OpenID configuration has the fields Entra ID publishes", async () => {
    const config = (await call(emu, "GET", `/${f.tenantA}/v2.0/.well-known/openid-configuration`)).body;
    assert.equal(config.end_session_endpoint, `${emu.url}/${f.tenantA}/oauth2/v2.0/logout`);
    assert.deepEqual(config.scopes_supported, ["openid", "profile", "email", "offline_access"]);
    assert.deepEqual(config.response_modes_supported, ["query", "fragment", "form_post"]);
    assert.ok(config.claims_supported.includes("sub") && config.claims_supported.includes("tid"));
    assert.equal(config.msgraph_host, "graph.microsoft.com");
  });
});
