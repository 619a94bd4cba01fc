import { createHash } from "node:crypto";
import { authenticateClient } from "./client-auth";
import { type EmulatorConfig, findTenant } from "./config";
import { aadError, type Caller, type Context, type Reply } from "./http";
import type { SigningKey } from "./keys";
import type { OidcIssuer } from "./oidc";

/** The Graph hosts of Microsoft's clouds: a token's audience is one of them. */
export const graphHosts = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
];

/** A token request's caller is the client it names, before it proves anything: that is what the log shows. */
export async function namedClient(ctx: Context): Promise<Caller> {
  const clientId = ctx.body?.client_id;
  return { appId: typeof clientId === "string" ? clientId : undefined };
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

  async token(ctx: Context, segment: string, caller: Caller): Promise<Reply> {
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
    const clientId = caller.appId ?? "";
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
    const refusal = await authenticateClient(ctx, { app, tenant, form, oidc: this.oidc });
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
}
