// Times a server sends (Graph's Date header, a connector's lastSyncDateTime) are read against this
// machine's clock, never trusted as they come.

/** How far a server's clock may be from this machine's before a time it sends is not believed. */
export const clockToleranceMs = 5 * 60_000;

/**
 * A time a server sent, in ms, or undefined when it is unreadable, or in the future beyond the
 * tolerance: such a time would end every wait at once, and look like a fresh sync forever.
 */
export function serverTime(value: string | undefined, now: number): number | undefined {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) || ms > now + clockToleranceMs ? undefined : ms;
}

/**
 * When Graph took a sync: its Date header, unless that is unreadable or further from the request's
 * own time than the tolerance, and then the request's time. The header has whole seconds, so a wait
 * also needs the connector's completion time as it was before the request (see waitForSync).
 */
export function acceptedAt(date: string | undefined, requestedAt: number): number {
  const said = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(said) || Math.abs(said - requestedAt) > clockToleranceMs ? requestedAt : said;
}
