// How Graph answers the actions' routes: the version first (an unknown segment is the front door's
// 400), then Intune's refusals in its envelope (permission, unknown key, a body, the action's own
// rules), then the list (in pages), the entity or the sync.

import { graphError } from "../errors";
import type { GraphCaller } from "../graph";
import type { Context, Reply } from "../http";
import { intuneMessage } from "../intune";
import { project, selection } from "../odata";
import type { Parts } from "../parts";
import type { ActionEntry, Entity } from "./entry";

/**
 * Intune's refusal with its text where the real ones put it: first in the envelope's Message, before
 * " - Operation ID …" (the connector's refusals keep the "An error has occurred" they always had).
 */
export function intuneRefusal(
  ctx: Context,
  envelope: boolean,
  status: number,
  code: string,
  message: string,
) {
  return graphError(ctx, status, code, envelope ? intuneMessage(ctx, message) : message);
}

/** The first refusal of this request, or undefined. */
function refusal({ config, actions }: Parts, ctx: Context, caller: GraphCaller, entry: ActionEntry) {
  if (!entry.versions.includes(ctx.apiVersion!)) {
    // Not in that version's metadata: Graph's own 400, in plain words.
    return graphError(ctx, 400, "BadRequest", `Resource not found for the segment '${entry.segment}'.`);
  }
  const refuse = (status: number, code: string, text: string) =>
    intuneRefusal(ctx, config.intuneErrorEnvelope, status, code, text);
  const needed = ctx.route === entry.routes.sync ? entry.permissions.write : entry.permissions.read;
  if (!caller.permissions.some((p) => needed.includes(p))) {
    const text = `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(", ")}`;
    return refuse(403, "Forbidden", text);
  }
  // A key's entity, or the tenant's singleton, must be there: a tenant may have none of either.
  const key = entry.singleton ? "" : ctx.entityId;
  if (key !== undefined && !actions.get(entry, caller.tenantId, key)) {
    const what = entry.singleton ? "none in this tenant" : `No '${ctx.entityId}' in this tenant`;
    return refuse(404, "ResourceNotFound", `Resource not found for the segment '${entry.segment}'. ${what}.`);
  }
  // "Do not supply a request body for this method": {} is the one body an OData client may send.
  const empty = ctx.rawBody.trim() === "" || ctx.rawBody.trim() === "{}";
  if (ctx.route === entry.routes.sync && !empty) {
    return refuse(400, "BadRequest", `Invalid request body: the action ${entry.action} takes no parameters.`);
  }
  return undefined;
}

const metadata = (ctx: Context) => `${ctx.origin}/${ctx.apiVersion}/$metadata`;
const selected = (chosen?: string[]) => (chosen ? `(${chosen.join(",")})` : "");

/** The list in pages of config.pageSize, each after the first asked for by @odata.nextLink's $skiptoken. */
function list(parts: Parts, ctx: Context, caller: GraphCaller, entry: ActionEntry): Reply {
  const chosen = selection(ctx.query, entry.entityType, entry.properties);
  if (chosen instanceof Error) return graphError(ctx, 400, "BadRequest", chosen.message);
  const skipText = ctx.query.get("$skiptoken") ?? "0";
  const skip = /^\d{1,9}$/.test(skipText) ? Number(skipText) : Number.NaN;
  if (Number.isNaN(skip))
    return graphError(ctx, 400, "BadRequest", `The $skiptoken '${skipText.slice(0, 100)}' is not valid.`);
  const all = parts.actions.list(entry, caller.tenantId);
  // At least one a page: a page of none would link to itself for ever.
  const size = Math.max(1, Math.floor(parts.config.pageSize) || 1);
  const value = all.slice(skip, skip + size).map((e) => project(e, chosen));
  const body: Record<string, unknown> = {
    "@odata.context": `${metadata(ctx)}#${entry.path}${selected(chosen)}`,
    value,
  };
  if (skip + size < all.length) {
    const next = new URLSearchParams();
    if (chosen) next.set("$select", chosen.join(","));
    next.set("$skiptoken", String(skip + size));
    body["@odata.nextLink"] = `${ctx.origin}/${ctx.apiVersion}/${entry.path}?${next}`;
  }
  return { status: 200, body };
}

function one(ctx: Context, entry: ActionEntry, entity: Entity): Reply {
  const chosen = selection(ctx.query, entry.entityType, entry.properties);
  if (chosen instanceof Error) return graphError(ctx, 400, "BadRequest", chosen.message);
  const context = `${metadata(ctx)}#${entry.path}${selected(chosen)}${entry.singleton ? "" : "/$entity"}`;
  return { status: 200, body: { "@odata.context": context, ...project(entity, chosen) } };
}

function sync(parts: Parts, ctx: Context, caller: GraphCaller, entry: ActionEntry): Reply {
  const outcome = parts.actions.sync(entry, caller.tenantId, ctx.entityId);
  if ("refused" in outcome) {
    const { status, code, message } = outcome.refused;
    return intuneRefusal(ctx, parts.config.intuneErrorEnvelope, status, code, message);
  }
  if (!entry.answersEntity) return { status: 204 };
  // A single entity, unwrapped as OData returns one (the docs' example wraps it in "value").
  const context = `${metadata(ctx)}#${entry.entityType}`;
  return { status: 200, body: { "@odata.context": context, ...outcome.entity } };
}

/** The answer to one of the entry's routes, once Graph has authenticated the caller. */
export function answer(entry: ActionEntry, kind: "list" | "get" | "sync") {
  return (parts: Parts, ctx: Context, { caller }: { caller: GraphCaller }): Reply => {
    const refused = refusal(parts, ctx, caller, entry);
    if (refused) return refused;
    if (kind === "list") return list(parts, ctx, caller, entry);
    if (kind === "sync") return sync(parts, ctx, caller, entry);
    return one(ctx, entry, parts.actions.get(entry, caller.tenantId, ctx.entityId)!);
  };
}
