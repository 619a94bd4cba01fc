// One request from the socket to its answer: find its route in the table, learn what it is about
// and who sends it, let a fault answer in its place, then log it (the control API aside). Whatever a
// client sends or does, it costs at most its own request: never the server.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { BodyTooLarge, ClientGone, readBody } from "./body";
import { faultReply, graphError } from "./errors";
import { responseHeaders, usableClientRequestId } from "./headers";
import type { Answer, Context, Reply } from "./http";
import { intunePath } from "./intune";
import { serviceRoutes } from "./log";
import { loggedBody, loggedHeaders, loggedIds } from "./log-entry";
import { keysAsSegments } from "./odata";
import { bind, faultable, match, type Parts } from "./routes";

/** What every request is answered from: the routes' parts, and the server's own limits. */
export interface Dispatcher {
  parts: Parts;
  origin: string;
  maxBodyBytes: number;
  /** Aborted when the emulator stops: a fault's delay ends then, instead of holding the process. */
  stopping: AbortSignal;
}

export async function dispatch(server: Dispatcher, request: IncomingMessage, response: ServerResponse) {
  const { ctx, url } = contextOf(server, request);
  let answer: Answer;
  try {
    answer = await answerFor(server, ctx, url, request);
  } catch (error: any) {
    // The client left in the middle of its body, or the emulator is stopping: no one to answer.
    if (error instanceof ClientGone || server.stopping.aborted) return;
    answer =
      error instanceof BodyTooLarge
        ? graphError(ctx, 413, "RequestEntityTooLarge", error.message, { connection: "close" })
        : // A bug or a hostile request must cost one 500, never the server.
          graphError(ctx, 500, "InternalServerError", `The emulator failed: ${error?.message ?? error}`);
  }
  // Drawn once the answer is known, and waited for after any fault's delay: the two add up.
  const latencyMs = server.parts.latency.draw(ctx.route);
  // The log is what the program under test sent; the test's own control calls would only blur it.
  if (ctx.route !== "admin") log(server.parts, ctx, answer, latencyMs);
  if (latencyMs) {
    try {
      await delay(latencyMs, undefined, { signal: server.stopping });
    } catch {
      return; // the emulator is stopping: no one to answer
    }
  }
  if (answer === "drop") request.socket.destroy();
  else send(response, ctx, answer);
}

/** The request's context, and its URL: none when the request target is not one (GET http://[). */
function contextOf({ origin }: Dispatcher, request: IncomingMessage): { ctx: Context; url?: URL } {
  const target = request.url ?? "/";
  let url: URL | undefined;
  try {
    // origin-form (/path) against the emulator's origin; absolute-form as given.
    url = target.startsWith("/") ? new URL(origin + target) : new URL(target);
  } catch {
    url = undefined;
  }
  const clientRequestId = usableClientRequestId(request.headers["client-request-id"]);
  const ctx: Context = {
    method: request.method ?? "GET",
    path: url?.pathname ?? target.slice(0, 200),
    query: url?.searchParams ?? new URLSearchParams(),
    headers: request.headers,
    body: undefined,
    rawBody: "",
    origin,
    requestId: randomUUID(),
    clientRequestId,
    route: "unknown",
    service: "graph",
  };
  return { ctx, url };
}

async function answerFor(
  server: Dispatcher,
  ctx: Context,
  url: URL | undefined,
  request: IncomingMessage,
): Promise<Answer> {
  const path = url ? keysAsSegments(ctx.path) : undefined;
  const matched = typeof path === "string" ? match(path) : [];
  // Only a route reads a body: any other request's is read through and let go, never parsed.
  const { raw, parsed } = await readBody(request, server.maxBodyBytes, matched.length > 0);
  ctx.rawBody = raw;
  ctx.body = parsed;
  if (!url) return graphError(ctx, 400, "BadRequest", `The request target '${ctx.path}' is not a valid URL.`);
  if (path instanceof Error) return graphError(ctx, 400, "BadRequest", path.message);
  if (matched.length === 0) {
    return graphError(ctx, 404, "UnknownRoute", `No route ${ctx.method} ${ctx.path} in the emulator.`);
  }
  // Routes that share a path differ only in method: the path alone says what the request is about.
  const [{ route: first, params }] = matched;
  ctx.route = first.name;
  ctx.service = first.service;
  const refusal = bind(server.parts, ctx, params);
  if (refusal) return refusal;
  const route = matched.find((m) => m.route.methods.includes(ctx.method))?.route;
  if (!route)
    return methodRefusal(
      ctx,
      first.odataTemplate,
      matched.flatMap((m) => m.route.methods),
    );
  const caller = route.caller ? await route.caller(server.parts, ctx) : {};
  if ("status" in caller) return caller;
  // The one place the caller is decided: the log, faults and the throttle all read it from here.
  ctx.appId = caller.appId;
  ctx.tenantId = caller.tenantId ?? ctx.tenantId;
  const injected = faultable(route) ? await fault(server, ctx) : undefined;
  return injected ?? route.handle(server.parts, ctx, { params, caller });
}

/**
 * Another method on a known path. Graph's routes answer as Intune's OData routing does (a 400 that
 * names its route template); the others with a 405 naming the methods allowed.
 */
function methodRefusal(ctx: Context, odataTemplate: string | undefined, allowed: string[]): Reply {
  if (odataTemplate) {
    const text = `No OData route exists that match template ${odataTemplate} with http verb ${ctx.method} for request ${intunePath(ctx)}.`;
    return graphError(ctx, 400, "No method match route template", text);
  }
  return graphError(
    ctx,
    405,
    "MethodNotAllowed",
    `${ctx.method} is not allowed here; use ${allowed.join(" or ")}.`,
  );
}

/** A fault for this request, if one is set: its reply, "drop", or undefined to answer normally (after any delay). */
async function fault({ parts, stopping }: Dispatcher, ctx: Context): Promise<Answer | undefined> {
  const taken = parts.faults.take(ctx);
  if (!taken) return undefined;
  ctx.fault = taken.by;
  const injected = taken.response;
  if ("drop" in injected) return "drop";
  if ("delayMs" in injected) {
    await delay(injected.delayMs, undefined, { signal: stopping });
    return undefined;
  }
  return faultReply(ctx, parts.config.intuneErrorEnvelope, injected.status, injected.retryAfter);
}

/** Whether the log keeps the request's body: Entra ID's and Graph's routes, what a program under test sends. */
const bodyKept = (ctx: Context) => (serviceRoutes as readonly string[]).includes(ctx.route);

function log(parts: Parts, ctx: Context, answer: Answer, latencyMs: number | undefined) {
  parts.log.add({
    time: new Date().toISOString(),
    method: ctx.method,
    route: ctx.route,
    ...loggedIds(ctx),
    status: answer === "drop" ? 0 : answer.status,
    fault: ctx.fault,
    latencyMs,
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId,
    ...(bodyKept(ctx) ? loggedBody(ctx.body) : {}),
    ...loggedHeaders(ctx.headers),
  });
}

function send(response: ServerResponse, ctx: Context, reply: Reply) {
  // The client may have gone while a fault's delay ran: nothing to write to.
  if (response.destroyed || response.headersSent) return;
  response.writeHead(reply.status, responseHeaders(ctx, reply));
  if (reply.stream) {
    // As fast as the client reads, and no faster: a slow or idle one holds a piece, not the whole.
    // A client that leaves ends the stream; there is no one to tell.
    pipeline(Readable.from(reply.stream), response).catch(() => undefined);
    return;
  }
  response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}
