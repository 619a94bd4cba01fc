// The control API, for a program under test in another process: each route is one call of the
// in-process API (emu.log, emu.faults), taking the same JSON, so that the two never drift apart.
import type { Context, Reply } from "./http";
import type { LogFilter } from "./log";
import type { Parts } from "./routes";

export const adminPaths = {
  log: "/_emulator/log",
  faults: "/_emulator/faults",
  throttle: "/_emulator/throttle",
};

const done: Reply = { status: 204 };

/** GET /_emulator/log?route=sync&status=204: log.entries(filter). */
export function readLog({ log }: Parts, ctx: Context): Reply {
  return { status: 200, body: { value: log.entries(logFilter(ctx.query)) } };
}

/** DELETE /_emulator/log: log.clear(). */
export function clearLog({ log }: Parts): Reply {
  log.clear();
  return done;
}

/** POST /_emulator/faults: faults.add(body). */
export function addFault({ faults }: Parts, ctx: Context): Reply {
  faults.add(ctx.body);
  return done;
}

/** DELETE /_emulator/faults: faults.clear(). */
export function clearFaults({ faults }: Parts): Reply {
  faults.clear();
  return done;
}

/** POST /_emulator/throttle: faults.throttle(body). */
export function throttle({ faults }: Parts, ctx: Context): Reply {
  faults.throttle(ctx.body);
  return done;
}

/** DELETE /_emulator/throttle: faults.throttle(undefined), which turns it off. */
export function stopThrottle({ faults }: Parts): Reply {
  faults.throttle(undefined);
  return done;
}

/** A query string as a log filter: every parameter a field, status a number as the log holds it. */
function logFilter(query: URLSearchParams): LogFilter {
  const filter: Record<string, string | number> = Object.fromEntries(query);
  if (filter.status !== undefined) filter.status = Number(filter.status);
  return filter;
}
