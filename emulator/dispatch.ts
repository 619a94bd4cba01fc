// One request from the socket to its answer: find its route in the table, learn what it is about
// and who sends it, let a fault answer in its place, then log it (the control API aside).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { type Answer, type Context, faultReply, graphError, type Reply, readBody } from "./http";
import { redactBody, redactHeaders } from "./log";
import { bind, match, type Parts } from "./routes";

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
  let answer: Answer;
  try {
    answer = await answerFor(parts, ctx);
  } catch (error: any) {
    // A bug or a hostile request must cost one 500, never the server.
    answer = graphError(ctx, 500, "InternalServerError", `The emulator failed: ${error?.message ?? error}`);
  }
  // The log is what the program under test sent; the test's own control calls would only blur it.
  if (ctx.route !== "admin") log(parts, ctx, answer);
  if (answer === "drop") request.socket.destroy();
  else send(response, ctx, answer);
}

async function answerFor(parts: Parts, ctx: Context): Promise<Answer> {
  const matched = match(ctx.path);
  if (matched.length === 0) {
    return graphError(ctx, 404, "UnknownRoute", `No route ${ctx.method} ${ctx.path} in the emulator.`);
  }
  // Routes that share a path differ only in method: the path alone says what the request is about.
  const [{ route: first, params }] = matched;
  ctx.route = first.name;
  const refusal = bind(parts, ctx, params);
  if (refusal) return refusal;
  const route = matched.find((m) => m.route.methods.includes(ctx.method))?.route;
  if (!route) {
    const allowed = matched.flatMap((m) => m.route.methods).join(" or ");
    return graphError(ctx, 405, "MethodNotAllowed", `${ctx.method} is not allowed here; use ${allowed}.`);
  }
  const caller = route.caller ? await route.caller(parts, ctx) : {};
  if ("status" in caller) return caller;
  // The one place the caller is decided: the log, faults and the throttle all read it from here.
  ctx.appId = caller.appId;
  ctx.tenantId = caller.tenantId ?? ctx.tenantId;
  const injected = route.faults ? await fault(parts, ctx) : undefined;
  return injected ?? route.handle(parts, ctx, { params, caller });
}

/** A fault for this request, if one is set: its reply, "drop", or undefined to answer normally (after any delay). */
async function fault(parts: Parts, ctx: Context): Promise<Answer | undefined> {
  const injected = parts.faults.take(ctx);
  if (!injected) return undefined;
  if ("drop" in injected) return "drop";
  if ("delayMs" in injected) {
    await delay(injected.delayMs);
    return undefined;
  }
  return faultReply(ctx, injected.status, injected.retryAfter);
}

function log(parts: Parts, ctx: Context, answer: Answer) {
  parts.log.add({
    time: new Date().toISOString(),
    method: ctx.method,
    path: ctx.path,
    route: ctx.route,
    tenantId: ctx.tenantId,
    appId: ctx.appId,
    connectorId: ctx.connectorId,
    apiVersion: ctx.apiVersion,
    status: answer === "drop" ? 0 : answer.status,
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId,
    body: redactBody(ctx.body),
    headers: redactHeaders(ctx.headers),
  });
}

function send(response: ServerResponse, ctx: Context, reply: Reply) {
  const headers: Record<string, string> = { "request-id": ctx.requestId, ...reply.headers };
  if (ctx.clientRequestId) headers["client-request-id"] = ctx.clientRequestId;
  if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  response.writeHead(reply.status, headers);
  response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}
