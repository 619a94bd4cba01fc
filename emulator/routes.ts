import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { type EmulatorConfig, findTenant } from "./config";
import type { Entra } from "./entra";
import type { Faults } from "./faults";
import type { Graph } from "./graph";
import { type Context, faultReply, graphError, type Reply, readBody } from "./http";
import { type LogFilter, type RequestLog, redactBody, redactHeaders } from "./log";
import { type OidcIssuer, oidcPaths } from "./oidc";

export interface Parts {
  config: EmulatorConfig;
  log: RequestLog;
  faults: Faults;
  oidc: OidcIssuer;
  entra: Entra;
  graph: Graph;
}

// The version segment is matched loosely, so that a wrong one gets Graph's 400 rather than a 404.
const graphPath = /^\/([^/]+)\/deviceManagement\/exchangeConnectors(?:\/([^/]+)(\/sync)?)?\/?$/;
const entraPath =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/;

/** Answers one request: admin routes unlogged, everything else through faults and into the log. */
export async function dispatch(
  parts: Parts,
  origin: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? "/", origin);
  const { raw, parsed } = await readBody(request);
  const ctx: Context = {
    method: request.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body: parsed,
    rawBody: raw,
    origin,
    requestId: randomUUID(),
    clientRequestId: request.headers["client-request-id"] as string | undefined,
    route: "unknown",
  };
  if (url.pathname.startsWith("/_emulator/")) return send(response, ctx, admin(parts, ctx));
  let reply: Reply | "drop";
  try {
    reply = await route(parts, ctx);
  } catch (error: any) {
    reply = graphError(ctx, 500, "InternalServerError", `The emulator failed: ${error?.message ?? error}`);
  }
  parts.log.add({
    time: new Date().toISOString(),
    method: ctx.method,
    path: ctx.path,
    route: ctx.route,
    tenantId: ctx.tenantId,
    appId: ctx.appId,
    connectorId: ctx.connectorId,
    apiVersion: ctx.apiVersion,
    status: reply === "drop" ? 0 : reply.status,
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId,
    body: redactBody(ctx.body),
    headers: redactHeaders(request.headers),
  });
  if (reply === "drop") request.socket.destroy();
  else send(response, ctx, reply);
}

function send(response: ServerResponse, ctx: Context, reply: Reply) {
  const headers: Record<string, string> = { "request-id": ctx.requestId, ...reply.headers };
  if (ctx.clientRequestId) headers["client-request-id"] = ctx.clientRequestId;
  if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  response.writeHead(reply.status, headers);
  response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}

/** A fault for this request, if one is set: its reply, "drop", or undefined to answer normally (after any delay). */
async function fault(parts: Parts, ctx: Context): Promise<Reply | "drop" | undefined> {
  const injected = parts.faults.take(ctx);
  if (!injected) return undefined;
  if ("drop" in injected) return "drop";
  if ("delayMs" in injected) {
    await delay(injected.delayMs);
    return undefined;
  }
  return faultReply(ctx, injected.status, injected.retryAfter);
}

async function route(parts: Parts, ctx: Context): Promise<Reply | "drop"> {
  const graph = graphPath.exec(ctx.path);
  if (graph) return graphRoute(parts, ctx, graph);
  const entra = entraPath.exec(ctx.path);
  if (entra) return entraRoute(parts, ctx, entra[1], entra[2]);
  if (ctx.path === oidcPaths.discovery || ctx.path === oidcPaths.keys) {
    ctx.route = "oidc";
    if (ctx.path === oidcPaths.keys) return { status: 200, body: parts.oidc.key.jwks };
    return { status: 200, body: parts.oidc.discovery() };
  }
  if (ctx.path === "/_github/idtoken" || ctx.path === "/_azurepipelines/oidctoken")
    return ciToken(parts, ctx);
  return graphError(ctx, 404, "UnknownRoute", `No route ${ctx.method} ${ctx.path} in the emulator.`);
}

async function entraRoute(
  parts: Parts,
  ctx: Context,
  segment: string,
  what: string,
): Promise<Reply | "drop"> {
  ctx.tenantId = findTenant(parts.config, segment)?.tenantId ?? segment;
  if (what.startsWith("v2.0")) {
    ctx.route = "openid-configuration";
    return (await fault(parts, ctx)) ?? parts.entra.openidConfiguration(ctx, segment);
  }
  if (what.startsWith("discovery")) {
    ctx.route = "keys";
    return (await fault(parts, ctx)) ?? parts.entra.keys();
  }
  ctx.route = "token";
  ctx.appId = ctx.body?.client_id;
  if (ctx.method !== "POST")
    return graphError(ctx, 405, "MethodNotAllowed", "The token endpoint takes POST.");
  return (await fault(parts, ctx)) ?? parts.entra.token(ctx, segment);
}

async function graphRoute(
  parts: Parts,
  ctx: Context,
  [, version, connectorId, sync]: RegExpExecArray,
): Promise<Reply | "drop"> {
  ctx.apiVersion = version;
  ctx.connectorId = connectorId === undefined ? undefined : decodeURIComponent(connectorId);
  ctx.route = sync ? "sync" : connectorId ? "getConnector" : "listConnectors";
  const expected = sync ? "POST" : "GET";
  if (version !== "beta" && version !== "v1.0") {
    return graphError(ctx, 400, "BadRequest", `Invalid version: '${version}'. Use v1.0 or beta.`);
  }
  if (ctx.method !== expected) {
    return graphError(ctx, 405, "MethodNotAllowed", `${ctx.method} is not allowed here; use ${expected}.`);
  }
  const caller = await parts.graph.authenticate(ctx);
  if ("status" in caller) return caller;
  return (await fault(parts, ctx)) ?? parts.graph.check(ctx, caller) ?? parts.graph.answer(ctx, caller);
}

/** Stand-ins for the GitHub Actions and Azure Pipelines endpoints that hand a job its ID token. */
async function ciToken(parts: Parts, ctx: Context): Promise<Reply> {
  ctx.route = "ci-oidc";
  const { ci } = parts.config;
  const github = ctx.path === "/_github/idtoken";
  const expected = github ? ci.githubRequestToken : ci.azurePipelinesAccessToken;
  if (String(ctx.headers.authorization ?? "") !== `Bearer ${expected}`) {
    return { status: 401, body: { message: "Bad credentials: the request token is missing or wrong." } };
  }
  if (github) {
    const audience = ctx.query.get("audience") ?? undefined;
    return {
      status: 200,
      body: { count: 1, value: await parts.oidc.mintToken({ subject: ci.githubSubject, audience }) },
    };
  }
  const subject = `sc://contoso/platform/${ctx.query.get("serviceConnectionId")}`;
  return { status: 200, body: { oidcToken: await parts.oidc.mintToken({ subject }) } };
}

/** The loopback-only control routes, one for each in-process call: log, faults and throttle. */
function admin(parts: Parts, ctx: Context): Reply {
  const key = `${ctx.method} ${ctx.path}`;
  switch (key) {
    case "GET /_emulator/log":
      return { status: 200, body: { value: parts.log.entries(logFilter(ctx.query)) } };
    case "DELETE /_emulator/log":
      parts.log.clear();
      return { status: 204 };
    case "POST /_emulator/faults":
      parts.faults.add(ctx.body);
      return { status: 204 };
    case "DELETE /_emulator/faults":
      parts.faults.clear();
      return { status: 204 };
    case "POST /_emulator/throttle":
      parts.faults.throttle(ctx.body);
      return { status: 204 };
    case "DELETE /_emulator/throttle":
      parts.faults.throttle(undefined);
      return { status: 204 };
    default:
      return graphError(ctx, 404, "UnknownRoute", `No admin route ${key}.`);
  }
}

function logFilter(query: URLSearchParams): LogFilter {
  const filter: Record<string, string | number> = Object.fromEntries(query);
  if (filter.status !== undefined) filter.status = Number(filter.status);
  return filter;
}
