import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rootCertificates } from "node:tls";
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { decodeJwt } from "jose";
import { type Emulator, startEmulator } from "../../emulator";
import { fixtures } from "../../support/emulator";
import { call } from "../support/https";

const graphScope = "https://graph.microsoft.com/.default";

describe("the emulator's Entra ID, through the real @azure/identity", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  // What a pipeline passes: the emulator as authority, its CA beside the public roots.
  const options = () => ({
    authorityHost: emu.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: [...rootCertificates, readFileSync(emu.caCertPath, "utf8")] },
  });
  const tokenError = (form: Record<string, string>, tenant = f.tenantA) =>
    call(emu, "POST", `/${tenant}/oauth2/v2.0/token`, {
      form: { grant_type: "client_credentials", scope: graphScope, ...form },
    });

  before(async () => {
    emu = await startEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("ClientSecretCredential gets an RS256 token for Graph with the app's roles in that tenant", async () => {
    const credential = new ClientSecretCredential(f.tenantB, f.writer.clientId, f.writer.secret, options());
    const { token, expiresOnTimestamp } = await credential.getToken(graphScope);
    const claims = decodeJwt(token);
    assert.equal(claims.aud, "https://graph.microsoft.com");
    assert.equal(claims.tid, f.tenantB);
    assert.equal(claims.appid, f.writer.clientId);
    assert.equal(claims.iss, `https://sts.windows.net/${f.tenantB}/`);
    assert.deepEqual(claims.roles, ["DeviceManagementServiceConfig.ReadWrite.All"]);
    assert.equal(claims.exp! - claims.iat!, emu.config.tokenLifetimeSeconds);
    assert.ok(Math.abs(expiresOnTimestamp - claims.exp! * 1000) < 5_000);
    const [token0] = emu.log.entries({ route: "token", tenantId: f.tenantB });
    assert.equal(token0.body.client_secret, "[redacted]");
  });

  it("a domain name works in place of the tenant id, and the token's aud follows the cloud's Graph host", async () => {
    const credential = new ClientSecretCredential(
      "contoso.onmicrosoft.com",
      f.writer.clientId,
      f.writer.secret,
      options(),
    );
    const { token } = await credential.getToken("https://graph.microsoft.us/.default");
    assert.equal(decodeJwt(token).aud, "https://graph.microsoft.us");
    assert.equal(decodeJwt(token).tid, f.tenantA);
  });

  it("ClientCertificateCredential: an assertion signed by a registered certificate (x5t#S256)", async () => {
    const certificatePath = emu.issueCertificate(f.writer.clientId);
    const credential = new ClientCertificateCredential(
      f.tenantA,
      f.writer.clientId,
      { certificatePath },
      options(),
    );
    const { token } = await credential.getToken(graphScope);
    assert.equal(decodeJwt(token).appid, f.writer.clientId);
    assert.equal(decodeJwt(token).appidacr, "2");
    const [request] = emu.log.entries({ route: "token", appId: f.writer.clientId }).slice(-1);
    assert.equal(request.body.client_assertion, "[redacted]");
  });

  it("an assertion signed by a certificate that is not registered is AADSTS700027", async () => {
    const stranger = emu.issueCertificate(f.reader.clientId);
    const credential = new ClientCertificateCredential(
      f.tenantA,
      f.writer.clientId,
      { certificatePath: stranger },
      options(),
    );
    await assert.rejects(credential.getToken(graphScope), /AADSTS700027/);
  });

  it("WorkloadIdentityCredential: a federated token file whose issuer, subject and audience match", async () => {
    const tokenFilePath = join(mkdtempSync(join(tmpdir(), "wi-")), "token");
    const { subject } = emu.config.apps[0].federatedCredentials![0];
    await emu.oidc.writeTokenFile(tokenFilePath, { subject });
    const credential = new WorkloadIdentityCredential({
      ...options(),
      tenantId: f.tenantA,
      clientId: f.writer.clientId,
      tokenFilePath,
    });
    assert.equal(decodeJwt((await credential.getToken(graphScope)).token).tid, f.tenantA);
  });

  it("a federated token with another subject or audience is AADSTS70021", async () => {
    for (const mint of [
      { subject: "repo:someone/else:ref:refs/heads/main" },
      { subject: "repo:contoso/platform:environment:production", audience: "api://other" },
    ]) {
      const answer = await tokenError({
        client_id: f.writer.clientId,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await emu.oidc.mintToken(mint),
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body.error_codes, [70021]);
    }
  });

  it("answers AADSTS errors for an unknown tenant, an unknown app and a wrong secret", async () => {
    const cases = [
      {
        tenant: "00000000-0000-0000-0000-000000000000",
        form: { client_id: f.writer.clientId, client_secret: "x" },
        status: 400,
        code: 90002,
      },
      {
        tenant: f.tenantA,
        form: { client_id: "11111111-1111-1111-1111-111111111111", client_secret: "x" },
        status: 400,
        code: 700016,
      },
      {
        tenant: f.tenantB,
        form: { client_id: f.reader.clientId, client_secret: f.reader.secret },
        status: 400,
        code: 700016,
      },
      {
        tenant: f.tenantA,
        form: { client_id: f.writer.clientId, client_secret: "wrong" },
        status: 401,
        code: 7000215,
      },
    ];
    for (const { tenant, form, status, code } of cases) {
      const answer = await tokenError(form, tenant);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.error_codes, [code]);
      assert.match(answer.body.error_description, new RegExp(`^AADSTS${code}: `));
      assert.equal(typeof answer.body.error, "string");
    }
  });

  it("@azure/identity shows Entra ID's reason for a wrong secret", async () => {
    const credential = new ClientSecretCredential(f.tenantA, f.writer.clientId, "wrong", options());
    await assert.rejects(credential.getToken(graphScope), /AADSTS7000215/);
  });

  it("serves the OpenID configuration and keys under its own origin, the tenant first", async () => {
    const config = await call(emu, "GET", `/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    const base = `${emu.url}/${f.tenantA}`;
    assert.equal(config.body.issuer, `${base}/v2.0`);
    assert.equal(config.body.token_endpoint, `${base}/oauth2/v2.0/token`);
    assert.equal(config.body.authorization_endpoint, `${base}/oauth2/v2.0/authorize`);
    const keys = await call(emu, "GET", new URL(config.body.jwks_uri).pathname);
    assert.equal(keys.body.keys[0].kty, "RSA");
    assert.equal(keys.body.keys[0].alg, "RS256");
  });
});
