import { createHash, randomUUID, X509Certificate } from "node:crypto";
import { type decodeJwt, decodeProtectedHeader, importX509, jwtVerify } from "jose";
import type { AppConfig, EmulatorConfig, TenantConfig } from "./config";
import type { Context, Reply } from "./http";
import { exchangeAudience, type OidcIssuer, type SigningKey } from "./keys";

/** The Graph hosts of Microsoft's clouds: a token's audience is one of them. */
export const graphHosts = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
];

// Entra ID allows five minutes of clock skew on assertions; MSAL rounds "now" to the nearest second.
const skew = 300;
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export function findTenant(config: EmulatorConfig, segment: string): TenantConfig | undefined {
  const name = segment.toLowerCase();
  return config.tenants.find((t) => t.tenantId === name || t.domains?.some((d) => d.toLowerCase() === name));
}

/** Entra ID's error body: error, error_description starting with the AADSTS code, error_codes. */
function aadError(status: number, error: string, code: number, text: string): Reply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ");
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${randomUUID()} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export class Entra {
  constructor(
    private readonly config: EmulatorConfig,
    private readonly key: SigningKey,
    private readonly oidc: OidcIssuer,
  ) {}

  openidConfiguration(ctx: Context, segment: string): Reply {
    const tenant = findTenant(this.config, segment);
    if (!tenant) return aadError(400, "invalid_tenant", 90002, `Tenant '${segment}' not found.`);
    const base = `${ctx.origin}/${tenant.tenantId}`;
    return {
      status: 200,
      body: {
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        jwks_uri: `${ctx.origin}/${tenant.tenantId}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        tenant_region_scope: "EU",
        cloud_instance_name: "microsoftonline.com",
      },
    };
  }

  keys(): Reply {
    return { status: 200, body: this.key.jwks };
  }

  async token(ctx: Context, segment: string): Promise<Reply> {
    const tenant = findTenant(this.config, segment);
    if (!tenant) {
      return aadError(
        400,
        "invalid_request",
        90002,
        `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID.`,
      );
    }
    const form = ctx.body ?? {};
    if (form.grant_type !== "client_credentials") {
      return aadError(
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${form.grant_type}'.`,
      );
    }
    const clientId = String(form.client_id ?? "");
    ctx.appId = clientId;
    const app = this.config.apps.find((a) => a.appId === clientId);
    if (!app?.roles?.[tenant.tenantId]) {
      return aadError(
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.tenantId}'. The app may not be installed or consented in this tenant.`,
      );
    }
    const audience = graphHosts.find((host) =>
      String(form.scope ?? "")
        .split(" ")
        .includes(`${host}/.default`),
    );
    if (!audience) {
      return aadError(
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${form.scope} was not found in the tenant.`,
      );
    }
    const refusal =
      form.client_secret !== undefined
        ? this.checkSecret(app, form.client_secret)
        : await this.checkAssertion(ctx, app, tenant, form);
    if (refusal) return refusal;
    const lifetime = this.config.tokenLifetimeSeconds;
    const accessToken = await this.key.sign(
      {
        iss: `https://sts.windows.net/${tenant.tenantId}/`,
        aud: audience,
        tid: tenant.tenantId,
        appid: app.appId,
        azp: app.appId,
        idtyp: "app",
        oid: createHash("sha256").update(`${tenant.tenantId}/${app.appId}`).digest("hex").slice(0, 32),
        roles: app.roles[tenant.tenantId],
        ver: "1.0",
      },
      lifetime,
    );
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
    };
  }

  private checkSecret(app: AppConfig, secret: string): Reply | undefined {
    if (app.secrets?.includes(secret)) return undefined;
    return aadError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  }

  /** A client assertion: signed by a registered certificate, or a federated token from a trusted issuer. */
  private async checkAssertion(
    ctx: Context,
    app: AppConfig,
    tenant: TenantConfig,
    form: any,
  ): Promise<Reply | undefined> {
    if (form.client_assertion_type !== assertionType || typeof form.client_assertion !== "string") {
      return aadError(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(form.client_assertion);
    } catch {
      return aadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
    }
    const thumbprint = (header["x5t#S256"] ?? header.x5t) as string | undefined;
    if (thumbprint)
      return this.checkCertificateAssertion(ctx, app, tenant, form.client_assertion, thumbprint);
    return this.checkFederatedAssertion(app, form.client_assertion);
  }

  private async checkCertificateAssertion(
    ctx: Context,
    app: AppConfig,
    tenant: TenantConfig,
    assertion: string,
    thumbprint: string,
  ) {
    const certificate = (app.certificates ?? []).find((pem) => {
      const der = new X509Certificate(pem).raw;
      return [createHash("sha256"), createHash("sha1")].some(
        (hash) => hash.update(der).digest("base64url") === thumbprint,
      );
    });
    if (!certificate) {
      return aadError(
        401,
        "invalid_client",
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application '${app.appId}'.`,
      );
    }
    try {
      const key = await importX509(certificate, "RS256");
      const keyPs = await importX509(certificate, "PS256");
      const audiences = [
        `${ctx.origin}/${tenant.tenantId}/oauth2/v2.0/token`,
        ...(tenant.domains ?? []).map((d) => `${ctx.origin}/${d}/oauth2/v2.0/token`),
      ];
      const alg = decodeProtectedHeader(assertion).alg;
      const { payload } = await jwtVerify(assertion, alg === "PS256" ? keyPs : key, {
        algorithms: ["RS256", "PS256"],
        audience: audiences,
        clockTolerance: skew,
        issuer: app.appId,
        subject: app.appId,
      });
      if (!payload.exp) throw new Error("no exp");
      return undefined;
    } catch (error: any) {
      return aadError(
        401,
        "invalid_client",
        700027,
        `Client assertion failed signature validation or its claims are wrong (${error?.message ?? "invalid"}).`,
      );
    }
  }

  private async checkFederatedAssertion(app: AppConfig, assertion: string) {
    let claims: ReturnType<typeof decodeJwt>;
    try {
      claims = (
        await jwtVerify(assertion, this.oidc.key.verifyKey, {
          algorithms: ["RS256"],
          issuer: this.oidc.issuer,
          clockTolerance: skew,
        })
      ).payload;
    } catch (error: any) {
      return aadError(
        400,
        "invalid_client",
        700211,
        `No matching federated identity record found for presented assertion issuer, or its signature or lifetime is invalid (${error?.message ?? "invalid"}).`,
      );
    }
    const audiences = [claims.aud].flat();
    const match = app.federatedCredentials?.find(
      (fc) =>
        (fc.issuer === "self" ? this.oidc.issuer : fc.issuer) === claims.iss &&
        fc.subject === claims.sub &&
        audiences.includes(fc.audience ?? exchangeAudience),
    );
    if (match) return undefined;
    return aadError(
      400,
      "invalid_client",
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${claims.aud}'.`,
    );
  }
}
