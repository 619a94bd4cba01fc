// Every route the emulator serves, in one list: its methods, its path, the name the log and faults
// know it by, and what answers it. dispatch.ts walks the list; nothing else decides routing.
import { actionRoutes } from "./actions/routes";
import * as admin from "./admin";
import { azurePipelinesIdToken, ciPaths, githubIdToken } from "./ci";
import { findTenant } from "./config";
import { namedClient } from "./entra";
import { type Graph, type GraphCaller, versionRefusal } from "./graph";
import type { Caller, Context, Reply, Service } from "./http";
import { faultRoutes, type Route as RouteName } from "./log";
import { oidcPaths } from "./oidc";
import type { Parts } from "./parts";

export type { Parts } from "./parts";

/** The path's {placeholders}, as sent (still percent-encoded). */
export type Params = Record<string, string>;

// caller and handle are methods, not function-typed fields, so that TypeScript lets an entry with
// its own caller type (a RouteEntry<GraphCaller>) stand in the table's RouteEntry[].
export interface RouteEntry<C extends Caller = Caller> {
  methods: string[];
  /** Literal segments and {placeholders}, each placeholder one segment; a trailing slash is allowed. */
  path: string;
  name: RouteName;
  /** The service it stands for: its headers and error shapes. */
  service: Service;
  /**
   * Graph's routes: the OData route template Intune matches, which its refusal of another method
   * names (Graph answers that with a 400, not a 405).
   */
  odataTemplate?: string;
  /** How the route learns who is calling, before any fault; a reply refuses the request. */
  caller?(parts: Parts, ctx: Context): Promise<C | Reply>;
  handle(parts: Parts, ctx: Context, request: { params: Params; caller: C }): Reply | Promise<Reply>;
}

/**
 * What each placeholder tells the log and faults about the request. A value that cannot name
 * anything is refused here with a 400 reply, before the method is looked at.
 */
const placeholders: Record<string, (parts: Parts, ctx: Context, value: string) => Reply | undefined> = {
  // Entra ID takes a domain name in place of the tenant id; the log shows the id.
  tenant: ({ config }, ctx, value) => {
    ctx.tenantId = findTenant(config, value)?.tenantId ?? value;
    return undefined;
  },
  // Graph takes the version in any case (Beta, V1.0); the log and @odata.context show it lower-case.
  version: (_, ctx, value) => {
    ctx.apiVersion = value.toLowerCase();
    return versionRefusal(ctx, value);
  },
  connector: (_, ctx, value) => {
    ctx.connectorId = decodeURIComponent(value);
    return undefined;
  },
  // The other actions' keys: the log shows them as entityId, never as a connector's.
  key: (_, ctx, value) => {
    ctx.entityId = decodeURIComponent(value);
    return undefined;
  },
};

// Carries a route's own caller type (Graph's holds permissions) from its caller step to its handler.
const route = <C extends Caller>(entry: RouteEntry<C>): RouteEntry<C> => entry;

const graphCaller = (parts: Parts, ctx: Context) => parts.graph.authenticate(ctx);
/** Graph's own refusals (permission, unknown connector, bad body) first, then its answer. */
const graphAnswer =
  (answer: (graph: Graph, ctx: Context, caller: GraphCaller) => Reply) =>
  ({ graph }: Parts, ctx: Context, { caller }: { caller: GraphCaller }) =>
    graph.check(ctx, caller) ?? answer(graph, ctx, caller);
const connectors = "/{version}/deviceManagement/exchangeConnectors";

export const routes: RouteEntry[] = [
  // Entra ID: the tenant, by id or domain, comes first in the path.
  {
    methods: ["GET"],
    path: "/{tenant}/v2.0/.well-known/openid-configuration",
    name: "openid-configuration",
    service: "entra",
    handle: ({ entra }, ctx, { params }) => entra.openidConfiguration(ctx, params.tenant),
  },
  {
    methods: ["GET"],
    path: "/{tenant}/discovery/v2.0/keys",
    name: "keys",
    service: "entra",
    handle: ({ entra }) => entra.keys(),
  },
  route({
    methods: ["POST"],
    path: "/{tenant}/oauth2/v2.0/token",
    name: "token",
    service: "entra",
    caller: (_, ctx) => namedClient(ctx),
    handle: ({ entra }, ctx, { params, caller }) => entra.token(ctx, params.tenant, caller),
  }),
  // Graph: the version first; the bearer token says who calls.
  route({
    methods: ["GET"],
    path: connectors,
    name: "listConnectors",
    service: "intune",
    odataTemplate: "~/singleton/navigation",
    caller: graphCaller,
    handle: graphAnswer((graph, ctx, caller) => graph.list(ctx, caller)),
  }),
  route({
    methods: ["GET"],
    path: `${connectors}/{connector}`,
    name: "getConnector",
    service: "intune",
    odataTemplate: "~/singleton/navigation/key",
    caller: graphCaller,
    handle: graphAnswer((graph, ctx, caller) => graph.get(ctx, caller)),
  }),
  route({
    methods: ["POST"],
    path: `${connectors}/{connector}/sync`,
    name: "sync",
    service: "intune",
    odataTemplate: "~/singleton/navigation/key/action",
    caller: graphCaller,
    handle: graphAnswer((graph, ctx, caller) => graph.sync(ctx, caller)),
  }),
  // Graph: the other sync actions (VPP tokens, Windows Autopilot, DEP, Managed Google Play).
  ...actionRoutes,
  // The federated-token issuer and the CI systems that hand its tokens to a job.
  {
    methods: ["GET"],
    path: oidcPaths.discovery,
    name: "oidc",
    service: "emulator",
    handle: ({ oidc }) => ({ status: 200, body: oidc.discovery() }),
  },
  {
    methods: ["GET"],
    path: oidcPaths.keys,
    name: "oidc",
    service: "emulator",
    handle: ({ oidc }) => ({ status: 200, body: oidc.key.jwks }),
  },
  { methods: ["GET"], path: ciPaths.github, name: "ci-oidc", service: "emulator", handle: githubIdToken },
  {
    methods: ["POST"],
    path: ciPaths.azurePipelines,
    name: "ci-oidc",
    service: "emulator",
    handle: azurePipelinesIdToken,
  },
  // The control API: one route for each in-process call, each for the token's holder alone.
  ...admin.controlRoutes.map(
    (entry): RouteEntry => ({ ...entry, name: "admin", service: "emulator", caller: admin.controlCaller }),
  ),
];

/** Whether scripted faults and the throttle may answer in its place (Entra ID's and Graph's routes). */
export const faultable = (route: RouteEntry) => (faultRoutes as readonly string[]).includes(route.name);

/**
 * A path template as a regular expression with a named group for each placeholder. Case-insensitive,
 * as Graph and Entra ID route (devicemanagement/exchangeconnectors works).
 */
function pattern(path: string): RegExp {
  const parts = path
    .split(/(\{\w+\})/)
    .map((part) =>
      part.startsWith("{") ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
    );
  return new RegExp(`^${parts.join("")}/?$`, "i");
}

const compiled = routes.map((r) => ({ route: r, pattern: pattern(r.path) }));

/** The routes whose path matches, in table order, each with its placeholders. */
export function match(path: string): { route: RouteEntry; params: Params }[] {
  return compiled.flatMap(({ route, pattern }) => {
    const found = pattern.exec(path);
    return found ? [{ route, params: { ...found.groups } }] : [];
  });
}

/** Records what the placeholders say about the request; a reply refuses it. */
export function bind(parts: Parts, ctx: Context, params: Params): Reply | undefined {
  for (const [name, value] of Object.entries(params)) {
    const refusal = placeholders[name]?.(parts, ctx, value);
    if (refusal) return refusal;
  }
  return undefined;
}
