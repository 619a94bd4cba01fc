// The control API, for a program under test in another process: each route is one call of the
// in-process API (emu.log, emu.faults, emu.latency, emu.revokeTokens), taking the same JSON, so that
// the two never drift apart. What a call cannot use is a 400 naming the field; nothing changes then.
import { createHash, timingSafeEqual } from "node:crypto";
import { InvalidControl, parseLogFilter } from "./control-schema";
import { type Caller, type Context, malformedBody, type Reply } from "./http";
import type { LogEntry } from "./log";
import type { Parts } from "./parts";

export const adminPaths = {
  log: "/_emulator/log",
  faults: "/_emulator/faults",
  throttle: "/_emulator/throttle",
  limits: "/_emulator/limits",
  latency: "/_emulator/latency",
  revokeTokens: "/_emulator/revoke-tokens",
  entities: "/_emulator/entities",
};

const done: Reply = { status: 204 };

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Who may call the control API over HTTP: whoever holds this emulator's token (emu.controlToken, the
 * command line's CONNECTOR_SYNC_EMULATOR_TOKEN), as `Authorization: Bearer <token>`. Any other local
 * process, or a page in a browser, cannot then add faults or read the log. The refusal never repeats
 * what was sent, and the two are compared in constant time.
 */
export async function controlCaller({ controlToken }: Parts, ctx: Context): Promise<Caller | Reply> {
  const sent = /^Bearer (\S+)$/i.exec(String(ctx.headers.authorization ?? ""))?.[1];
  if (sent !== undefined && timingSafeEqual(digest(sent), digest(controlToken))) return {};
  const why = sent === undefined ? "takes" : "was sent a token that is not";
  return {
    status: 401,
    headers: { "www-authenticate": 'Bearer realm="intune-graph-emulator control API"' },
    body: {
      error: {
        code: "Unauthorized",
        message: `The control API ${why} this emulator's token, as Authorization: Bearer <token>: CONNECTOR_SYNC_EMULATOR_TOKEN from the command line, emu.controlToken in the process.`,
      },
    },
  };
}

/** The control call's answer, or a 4xx for a body that is not JSON or that the call refuses. */
function control(ctx: Context, call: () => Reply): Reply {
  try {
    if (malformedBody(ctx)) throw new InvalidControl(`The body of ${ctx.method} ${ctx.path} is not JSON.`);
    return call();
  } catch (error) {
    if (!(error instanceof InvalidControl)) throw error;
    const code = error.status === 409 ? "Conflict" : "BadRequest";
    return { status: error.status, body: { error: { code, message: error.message } } };
  }
}

/**
 * GET /_emulator/log?route=sync&status=204: `{ value: log.entries(filter), dropped: log.dropped }`,
 * as of the call.
 */
export function readLog({ log }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    const entries = log.entries(parseLogFilter(ctx.query));
    return { status: 200, stream: logJson(entries, log.dropped) };
  });
}

/**
 * The log as JSON, in pieces of some 64 KiB, each written as the client reads. Ten thousand entries
 * are tens of MiB of JSON: built as one string for each caller, a few callers could take the
 * emulator's memory.
 */
function* logJson(entries: LogEntry[], dropped: number): Generator<string> {
  let piece = '{"value":[';
  for (let i = 0; i < entries.length; i++) {
    piece += `${i > 0 ? "," : ""}${JSON.stringify(entries[i])}`;
    if (piece.length >= 65_536) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}],"dropped":${dropped}}`;
}

/** DELETE /_emulator/log: log.clear(). */
export function clearLog({ log }: Parts): Reply {
  log.clear();
  return done;
}

/** POST /_emulator/faults: faults.add(body). */
export function addFault({ faults }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    faults.add(ctx.body);
    return done;
  });
}

/** DELETE /_emulator/faults: faults.clear(). */
export function clearFaults({ faults }: Parts): Reply {
  faults.clear();
  return done;
}

/** POST /_emulator/throttle: faults.throttle(body). An empty body is refused: DELETE turns it off. */
export function throttle({ faults }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    faults.throttle(ctx.body ?? null);
    return done;
  });
}

/** DELETE /_emulator/throttle: faults.throttle(undefined), which turns it off. */
export function stopThrottle({ faults }: Parts): Reply {
  faults.throttle(undefined);
  return done;
}

/** POST /_emulator/limits: faults.limits(body). An empty body is refused: DELETE turns them off. */
export function limits({ faults }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    faults.limits(ctx.body ?? null);
    return done;
  });
}

/** DELETE /_emulator/limits: faults.limits(undefined), which turns them off. */
export function stopLimits({ faults }: Parts): Reply {
  faults.limits(undefined);
  return done;
}

/** POST /_emulator/latency: latency.set(body). An empty body is refused: DELETE removes it. */
export function setLatency({ latency }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    latency.set(ctx.body ?? null);
    return done;
  });
}

/** DELETE /_emulator/latency: latency.clear(). */
export function clearLatency({ latency }: Parts): Reply {
  latency.clear();
  return done;
}

/** POST /_emulator/revoke-tokens: emu.revokeTokens(). It takes no body but an empty one or {}. */
export function revokeTokens({ issued }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    const body = ctx.body;
    const empty =
      body === undefined ||
      (typeof body === "object" && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty)
      throw new InvalidControl(
        `POST ${adminPaths.revokeTokens} takes no body (or {}), got ${ctx.rawBody.slice(0, 100)}.`,
      );
    issued.revokeAll();
    return done;
  });
}

/** POST /_emulator/entities: emu.actions.set(body), answered 200 with the entity as it now is. */
export function setEntity({ actions }: Parts, ctx: Context): Reply {
  return control(ctx, () => {
    const body = ctx.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new InvalidControl(
        `POST ${adminPaths.entities} takes {entitySet, tenantId, id?, fields?, nextSyncFails?}.`,
      );
    }
    return { status: 200, body: actions.set(body) };
  });
}

/** The control API's routes, each one in-process call; routes.ts names them "admin". */
export const controlRoutes = [
  { methods: ["GET"], path: adminPaths.log, handle: readLog },
  { methods: ["DELETE"], path: adminPaths.log, handle: clearLog },
  { methods: ["POST"], path: adminPaths.faults, handle: addFault },
  { methods: ["DELETE"], path: adminPaths.faults, handle: clearFaults },
  { methods: ["POST"], path: adminPaths.throttle, handle: throttle },
  { methods: ["DELETE"], path: adminPaths.throttle, handle: stopThrottle },
  { methods: ["POST"], path: adminPaths.limits, handle: limits },
  { methods: ["DELETE"], path: adminPaths.limits, handle: stopLimits },
  { methods: ["POST"], path: adminPaths.latency, handle: setLatency },
  { methods: ["DELETE"], path: adminPaths.latency, handle: clearLatency },
  { methods: ["POST"], path: adminPaths.revokeTokens, handle: revokeTokens },
  { methods: ["POST"], path: adminPaths.entities, handle: setEntity },
];
