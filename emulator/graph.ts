import { errors } from "jose";
import { type EmulatorConfig, type ExchangeConnector, findTenant } from "./config";
import { type Context, graphError, type Reply } from "./http";
import type { SigningKey } from "./keys";

const write = ["DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"];
const read = ["DeviceManagementServiceConfig.Read.All", "DeviceManagementConfiguration.Read.All"];

/**
 * The permissions of the seed pages. Beta: either ReadWrite.All, delegated or
 * application. v1.0: delegated DeviceManagementServiceConfig.ReadWrite.All
 * only; application permissions "Not supported" unless configured otherwise.
 */
function allowed(
  apiVersion: string,
  kind: "app" | "user",
  writing: boolean,
  config: EmulatorConfig,
): string[] {
  if (apiVersion === "beta") return writing ? write : [...write, ...read];
  if (kind === "app" && !config.v1AcceptsApplicationTokens) return [];
  return writing ? [write[0]] : [write[0], read[0]];
}

/** The caller as its token proves it. */
export interface GraphCaller {
  tenantId: string;
  appId: string;
  kind: "app" | "user";
  permissions: string[];
}

const apiVersions = ["beta", "v1.0"];

/** A version Graph does not have is its 400 (not a 404), whatever the method. */
export function versionRefusal(ctx: Context, version: string): Reply | undefined {
  if (apiVersions.includes(version)) return undefined;
  return graphError(ctx, 400, "BadRequest", `Invalid version: '${version}'. Use v1.0 or beta.`);
}

/** One pending sync per connector: lastSyncDateTime moves when it completes. */
interface ConnectorState {
  entity: ExchangeConnector;
  completesAt?: number;
}

/** The connector once a sync whose time has come has completed: lastSyncDateTime moves to that time. */
function settled(state: ConnectorState): ConnectorState {
  if (state.completesAt !== undefined && Date.now() >= state.completesAt) {
    state.entity.lastSyncDateTime = new Date(state.completesAt).toISOString();
    state.completesAt = undefined;
  }
  return state;
}

export class Graph {
  private readonly connectors = new Map<string, ConnectorState>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly key: SigningKey,
  ) {
    for (const tenant of config.tenants) {
      for (const entity of tenant.connectors)
        this.connectors.set(`${tenant.tenantId}/${entity.id}`, { entity: { ...entity } });
    }
  }

  /** The connector as Graph would return it now, or undefined. */
  connector(tenantId: string, connectorId: string): ExchangeConnector | undefined {
    const state = this.connectors.get(`${tenantId}/${connectorId}`);
    return state && { ...settled(state).entity };
  }

  /** Who the bearer token says is calling; a reply means the token was refused. */
  async authenticate(ctx: Context): Promise<GraphCaller | Reply> {
    const header = String(ctx.headers.authorization ?? "");
    const token = header.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return graphError(ctx, 401, "InvalidAuthenticationToken", "Access token is empty.");
    let claims: Record<string, any>;
    try {
      claims = await this.key.verify(token);
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      const text = expired
        ? "Lifetime validation failed, the token is expired."
        : "Access token validation failure. Invalid signature or token.";
      return graphError(ctx, 401, "InvalidAuthenticationToken", text);
    }
    const tenant = findTenant(this.config, String(claims.tid ?? ""));
    if (!tenant || claims.iss !== `https://sts.windows.net/${tenant.tenantId}/`) {
      return graphError(
        ctx,
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid issuer or tenant.",
      );
    }
    if (!this.config.graphAudiences.includes(claims.aud)) {
      const text = `Access token validation failure. Invalid audience '${claims.aud}': this Graph accepts ${this.config.graphAudiences.join(", ")}.`;
      return graphError(ctx, 401, "InvalidAuthenticationToken", text);
    }
    const kind = claims.scp ? "user" : "app";
    const permissions = kind === "user" ? String(claims.scp).split(" ") : (claims.roles ?? []);
    return { tenantId: tenant.tenantId, appId: claims.appid, kind, permissions };
  }

  /** The first refusal of this request (permission, unknown connector, bad body), or undefined. */
  check(ctx: Context, caller: GraphCaller): Reply | undefined {
    const writing = ctx.route === "sync";
    const needed = allowed(ctx.apiVersion!, caller.kind, writing, this.config);
    if (!caller.permissions.some((p: string) => needed.includes(p))) {
      const message =
        needed.length === 0
          ? `Application permissions are not supported for this operation on ${ctx.apiVersion}.`
          : `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(", ")}`;
      return graphError(ctx, 403, "Forbidden", message);
    }
    if (ctx.connectorId !== undefined && !this.connectors.has(`${caller.tenantId}/${ctx.connectorId}`)) {
      return graphError(
        ctx,
        404,
        "ResourceNotFound",
        `Resource not found for the segment 'exchangeConnectors'. No connector '${ctx.connectorId}' in this tenant.`,
      );
    }
    if (writing && !["fullSync", "deltaSync"].includes(ctx.body?.syncType)) {
      const given = ctx.rawBody === "" ? "an empty body" : `'${ctx.rawBody.slice(0, 100)}'`;
      return graphError(
        ctx,
        400,
        "BadRequest",
        `Invalid request body: syncType must be 'fullSync' or 'deltaSync', got ${given}.`,
      );
    }
    return undefined;
  }

  list(ctx: Context, caller: GraphCaller): Reply {
    const tenant = findTenant(this.config, caller.tenantId)!;
    const value = tenant.connectors.map((c) => this.connector(caller.tenantId, c.id));
    return {
      status: 200,
      body: {
        "@odata.context": `${ctx.origin}/${ctx.apiVersion}/$metadata#deviceManagement/exchangeConnectors`,
        value,
      },
    };
  }

  get(ctx: Context, caller: GraphCaller): Reply {
    const entity = this.connector(caller.tenantId, ctx.connectorId!);
    return {
      status: 200,
      body: {
        "@odata.context": `${ctx.origin}/${ctx.apiVersion}/$metadata#deviceManagement/exchangeConnectors/$entity`,
        ...entity,
      },
    };
  }

  /** 204 now; lastSyncDateTime moves syncCompletionMs later. */
  sync(ctx: Context, caller: GraphCaller): Reply {
    const state = settled(this.connectors.get(`${caller.tenantId}/${ctx.connectorId}`)!);
    state.completesAt = Date.now() + this.config.syncCompletionMs;
    return { status: 204 };
  }
}
