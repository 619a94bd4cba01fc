// How Entra ID authenticates a client in the client-credentials grant: a
// secret, an assertion signed by a certificate registered on the app, or a
// federated token from a trusted issuer. Each refusal is the AADSTS error
// Entra ID gives for it.
import { createHash, X509Certificate } from "node:crypto";
import { decodeProtectedHeader, importX509, type JWTPayload, jwtVerify } from "jose";
import type { AppConfig, TenantConfig } from "./config";
import { aadError } from "./errors";
import type { Context, Reply } from "./http";
import { exchangeAudience, type OidcIssuer } from "./oidc";

// Entra ID allows five minutes of clock skew on assertions; MSAL rounds "now" to the nearest second.
const skew = 300;
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface ClientRequest {
  app: AppConfig;
  tenant: TenantConfig;
  /** The token request's form. */
  form: Record<string, string | undefined>;
  oidc: OidcIssuer;
}

/**
 * How the client proved who it is, as a v1.0 token's appidacr says it: "1" a secret, "2" a
 * certificate or an assertion. A refusal is the reply Entra ID gives.
 */
export type ClientProof = { appidacr: "1" | "2" };

const bySecret: ClientProof = { appidacr: "1" };
const byAssertion: ClientProof = { appidacr: "2" };

export async function authenticateClient(ctx: Context, request: ClientRequest): Promise<ClientProof | Reply> {
  const { app, form } = request;
  if (form.client_secret !== undefined) {
    if (app.secrets?.includes(form.client_secret)) return bySecret;
    return aadError(
      ctx,
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided for app '${app.appId}'.`,
    );
  }
  const assertion = form.client_assertion;
  if (form.client_assertion_type !== assertionType || typeof assertion !== "string") {
    const text =
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
    return aadError(ctx, 401, "invalid_client", 7000218, text);
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return aadError(ctx, 401, "invalid_client", 50027, "JWT token is invalid or malformed.");
  }
  const thumbprint = (header["x5t#S256"] ?? header.x5t) as string | undefined;
  if (thumbprint) return certificateAssertion(ctx, request, assertion, thumbprint, header.alg);
  return federatedAssertion(ctx, request, assertion);
}

/** Signed by the private key of a certificate registered on the app, for this tenant's token endpoint. */
async function certificateAssertion(
  ctx: Context,
  { app, tenant }: ClientRequest,
  assertion: string,
  thumbprint: string,
  alg = "RS256",
) {
  const certificate = (app.certificates ?? []).find((pem) => {
    const der = new X509Certificate(pem).raw;
    return ["sha256", "sha1"].some((hash) => createHash(hash).update(der).digest("base64url") === thumbprint);
  });
  if (!certificate) {
    const text = `The certificate used to sign the client assertion is not registered on application '${app.appId}'.`;
    return aadError(ctx, 401, "invalid_client", 700027, text);
  }
  const endpoints = [tenant.tenantId, ...(tenant.domains ?? [])].map(
    (name) => `${ctx.origin}/${name}/oauth2/v2.0/token`,
  );
  try {
    await jwtVerify(assertion, await importX509(certificate, alg), {
      algorithms: ["RS256", "PS256"],
      audience: endpoints,
      issuer: app.appId,
      subject: app.appId,
      requiredClaims: ["exp"],
      clockTolerance: skew,
    });
    return byAssertion;
  } catch (error: any) {
    const text = `Client assertion failed signature validation or its claims are wrong (${error?.message ?? "invalid"}).`;
    return aadError(ctx, 401, "invalid_client", 700027, text);
  }
}

/** A token from a trusted issuer whose issuer, subject and audience match a federated credential of the app. */
async function federatedAssertion(ctx: Context, { app, oidc }: ClientRequest, assertion: string) {
  let claims: JWTPayload;
  try {
    const options = { algorithms: ["RS256"], issuer: oidc.issuer, clockTolerance: skew };
    claims = (await jwtVerify(assertion, oidc.key.verifyKey, options)).payload;
  } catch (error: any) {
    const text = `The assertion's issuer is not trusted, or its signature or lifetime is invalid (${error?.message ?? "invalid"}).`;
    return aadError(ctx, 400, "invalid_client", 700211, text);
  }
  const audiences = [claims.aud].flat();
  const match = app.federatedCredentials?.find(
    (fc) =>
      (fc.issuer === "self" ? oidc.issuer : fc.issuer) === claims.iss &&
      fc.subject === claims.sub &&
      audiences.includes(fc.audience ?? exchangeAudience),
  );
  if (match) return byAssertion;
  const text = `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${claims.aud}'.`;
  return aadError(ctx, 400, "invalid_client", 70021, text);
}
