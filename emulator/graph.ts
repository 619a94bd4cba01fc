import { errors } from "jose";
import { type EmulatorConfig, type ExchangeConnector, findTenant } from "./config";
import { graphError, intuneError } from "./errors";
import type { Context, Reply } from "./http";
import type { SigningKey } from "./keys";
import { project, selection } from "./odata";
import { allowed, graphAppId } from "./permissions";
import type { IssuedTokens } from "./revocation";

export { versionRefusal } from "./permissions";

/** The caller as its token proves it. */
export interface GraphCaller {
  tenantId: string;
  appId: string;
  kind: "app" | "user";
  permissions: string[];
}

const entityType = "microsoft.graph.deviceManagementExchangeConnector";
const properties = [
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
] as const satisfies readonly (keyof ExchangeConnector)[];

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

const unauthenticated = (ctx: Context, text: string) =>
  graphError(ctx, 401, "InvalidAuthenticationToken", text);

export class Graph {
  private readonly connectors = new Map<string, ConnectorState>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly key: SigningKey,
    private readonly issued: IssuedTokens,
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

  /** Who the bearer token says is calling; a reply (401, with Graph's challenge) means it was refused. */
  async authenticate(ctx: Context): Promise<GraphCaller | Reply> {
    const header = String(ctx.headers.authorization ?? "");
    const token = header.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return unauthenticated(ctx, "Access token is empty.");
    let claims: Record<string, any>;
    try {
      claims = await this.key.verify(token);
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      return unauthenticated(
        ctx,
        expired
          ? "Lifetime validation failed, the token is expired."
          : "Access token validation failure. Invalid signature or token.",
      );
    }
    if (this.issued.isRevoked(claims.uti)) {
      return unauthenticated(ctx, "Access token validation failure. The token has been revoked.");
    }
    const tenant = findTenant(this.config, String(claims.tid ?? ""));
    if (!tenant || claims.iss !== `https://sts.windows.net/${tenant.tenantId}/`) {
      return unauthenticated(ctx, "Access token validation failure. Invalid issuer or tenant.");
    }
    // Graph's app id is the same in every cloud: a token asked for by it is Graph's wherever it runs.
    if (claims.aud !== graphAppId && !this.config.graphAudiences.includes(claims.aud)) {
      const accepted = [...this.config.graphAudiences, graphAppId].join(", ");
      return unauthenticated(
        ctx,
        `Access token validation failure. Invalid audience '${claims.aud}': this Graph accepts ${accepted}.`,
      );
    }
    const kind = claims.scp ? "user" : "app";
    const permissions = kind === "user" ? String(claims.scp).split(" ") : (claims.roles ?? []);
    return { tenantId: tenant.tenantId, appId: claims.appid, kind, permissions };
  }

  /** The first refusal of this request by Intune (permission, unknown connector, bad body), or undefined. */
  check(ctx: Context, caller: GraphCaller): Reply | undefined {
    const refuse = (status: number, code: string, message: string) =>
      intuneError(ctx, this.config.intuneErrorEnvelope, status, code, message);
    const writing = ctx.route === "sync";
    const needed = allowed(ctx.apiVersion!, caller.kind, writing, this.config);
    if (!caller.permissions.some((p: string) => needed.includes(p))) {
      return refuse(
        403,
        "Forbidden",
        needed.length === 0
          ? `Application permissions are not supported for this operation on ${ctx.apiVersion}.`
          : `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(", ")}`,
      );
    }
    if (ctx.connectorId !== undefined && !this.connectors.has(`${caller.tenantId}/${ctx.connectorId}`)) {
      const text = `Resource not found for the segment 'exchangeConnectors'. No connector '${ctx.connectorId}' in this tenant.`;
      return refuse(404, "ResourceNotFound", text);
    }
    if (writing) {
      const problem = syncBodyProblem(ctx);
      if (problem) return refuse(400, "BadRequest", `Invalid request body: ${problem}`);
    }
    return undefined;
  }

  list(ctx: Context, caller: GraphCaller): Reply {
    const chosen = selection(ctx.query, entityType, properties);
    if (chosen instanceof Error) return graphError(ctx, 400, "BadRequest", chosen.message);
    const tenant = findTenant(this.config, caller.tenantId)!;
    const value = tenant.connectors.map((c) => project(this.connector(caller.tenantId, c.id)!, chosen));
    const context = `${metadata(ctx)}#deviceManagement/exchangeConnectors${selected(chosen)}`;
    return { status: 200, body: { "@odata.context": context, value } };
  }

  get(ctx: Context, caller: GraphCaller): Reply {
    const chosen = selection(ctx.query, entityType, properties);
    if (chosen instanceof Error) return graphError(ctx, 400, "BadRequest", chosen.message);
    const entity = project(this.connector(caller.tenantId, ctx.connectorId!)!, chosen);
    const context = `${metadata(ctx)}#deviceManagement/exchangeConnectors${selected(chosen)}/$entity`;
    return { status: 200, body: { "@odata.context": context, ...entity } };
  }

  /** 204 now; lastSyncDateTime moves syncCompletionMs later. */
  sync(ctx: Context, caller: GraphCaller): Reply {
    const state = settled(this.connectors.get(`${caller.tenantId}/${ctx.connectorId}`)!);
    state.completesAt = Date.now() + this.config.syncCompletionMs;
    return { status: 204 };
  }
}

const metadata = (ctx: Context) => `${ctx.origin}/${ctx.apiVersion}/$metadata`;
/** The selection as @odata.context shows it: (status,lastSyncDateTime). */
const selected = (chosen?: string[]) => (chosen ? `(${chosen.join(",")})` : "");

/** The sync action's parameters: syncType, exactly fullSync or deltaSync, and nothing else. */
function syncBodyProblem(ctx: Context): string | undefined {
  const body = ctx.body;
  const given = ctx.rawBody === "" ? "an empty body" : `'${ctx.rawBody.slice(0, 100)}'`;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return `expected a JSON object {"syncType": "fullSync" | "deltaSync"}, got ${given}.`;
  }
  const unknown = Object.keys(body).find((key) => key !== "syncType");
  if (unknown !== undefined) {
    return `the action sync has no parameter '${unknown.slice(0, 100)}'; it takes only syncType.`;
  }
  if (!["fullSync", "deltaSync"].includes(body.syncType)) {
    return `syncType must be 'fullSync' or 'deltaSync', got ${given}.`;
  }
  return undefined;
}
