import { createHash, randomBytes } from "node:crypto";
import { authenticateClient } from "./client-auth";
import { type AppConfig, type EmulatorConfig, findTenant, type TenantConfig } from "./config";
import { openidConfiguration } from "./entra-discovery";
import { aadError } from "./errors";
import type { Caller, Context, Reply } from "./http";
import type { SigningKey } from "./keys";
import type { OidcIssuer } from "./oidc";
import { graphAppId } from "./permissions";
import type { IssuedTokens } from "./revocation";

/** The Graph hosts of Microsoft's clouds: a token's audience is one of them. */
export const graphHosts = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
];

/**
 * The audience of a v1.0 token for the scope asked: the resource as the request names it, a Graph
 * host's URI, or Graph's app id (00000003-…/.default), which Entra ID keeps as the aud.
 */
function audienceFor(scope: unknown): string | undefined {
  const scopes = String(scope ?? "").split(" ");
  if (scopes.includes(`${graphAppId}/.default`)) return graphAppId;
  return graphHosts.find((host) => scopes.includes(`${host}/.default`));
}

/** A GUID made from a name, so that an app has the same service principal id in a tenant every run. */
function stableGuid(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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
    private readonly issued: IssuedTokens,
  ) {}

  openidConfiguration(ctx: Context, segment: string): Reply {
    const tenant = findTenant(this.config, segment);
    if (!tenant) return aadError(ctx, 400, "invalid_tenant", 90002, `Tenant '${segment}' not found.`);
    return { status: 200, body: openidConfiguration(ctx.origin, tenant.tenantId) };
  }

  keys(): Reply {
    return { status: 200, body: this.key.jwks };
  }

  /** The client-credentials grant. Its answers, refusals included, are never to be cached. */
  async token(ctx: Context, segment: string, caller: Caller): Promise<Reply> {
    const reply = await this.grant(ctx, segment, caller);
    return {
      ...reply,
      headers: { "cache-control": "no-store, no-cache", pragma: "no-cache", ...reply.headers },
    };
  }

  private async grant(ctx: Context, segment: string, caller: Caller): Promise<Reply> {
    const tenant = findTenant(this.config, segment);
    if (!tenant) {
      const text = `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID.`;
      return aadError(ctx, 400, "invalid_request", 90002, text);
    }
    const form = ctx.body ?? {};
    if (form.grant_type !== "client_credentials") {
      const text = `The app requested an unsupported grant type '${form.grant_type}'.`;
      return aadError(ctx, 400, "unsupported_grant_type", 70003, text);
    }
    const clientId = caller.appId ?? "";
    const app = this.config.apps.find((a) => a.appId === clientId);
    if (!app?.roles?.[tenant.tenantId]) {
      const text = `Application with identifier '${clientId}' was not found in the directory '${tenant.tenantId}'. The app may not be installed or consented in this tenant.`;
      return aadError(ctx, 400, "unauthorized_client", 700016, text);
    }
    const audience = audienceFor(form.scope);
    if (!audience) {
      const text = `The resource principal named ${form.scope} was not found in the tenant.`;
      return aadError(ctx, 400, "invalid_resource", 500011, text);
    }
    const proof = await authenticateClient(ctx, { app, tenant, form, oidc: this.oidc });
    if ("status" in proof) return proof;
    const lifetime = this.config.tokenLifetimeSeconds;
    const uti = randomBytes(16).toString("base64url");
    const accessToken = await this.key.sign(
      accessTokenClaims(tenant, app, audience, proof.appidacr, uti),
      lifetime,
    );
    this.issued.record(uti, Date.now() + lifetime * 1000);
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

/**
 * An app-only v1.0 access token, as Graph's are: the service principal's object id as oid and sub,
 * how the client proved itself as appidacr, and no azp (a v2.0 claim).
 */
function accessTokenClaims(tenant: TenantConfig, app: AppConfig, aud: string, appidacr: string, uti: string) {
  const issuer = `https://sts.windows.net/${tenant.tenantId}/`;
  const servicePrincipal = stableGuid(`${tenant.tenantId}/${app.appId}`);
  return {
    aud,
    iss: issuer,
    idp: issuer,
    tid: tenant.tenantId,
    appid: app.appId,
    ...(app.displayName ? { app_displayname: app.displayName } : {}),
    appidacr,
    idtyp: "app",
    oid: servicePrincipal,
    sub: servicePrincipal,
    roles: app.roles?.[tenant.tenantId] ?? [],
    uti,
    ver: "1.0",
  };
}
