import type { Outcome } from "./http";

/** Time as the client sees it: tests give one whose sleep returns at once. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** How long one request may take when the caller does not say. */
export const defaultRequestTimeoutMs = 60_000;

export interface RetryOptions {
  /** The longest single wait, whatever Retry-After asks (Graph asks up to about 315 s). */
  maxRetryWaitMs: number;
  /**
   * The shortest wait, whatever Retry-After asks: a server answering
   * `Retry-After: 0` (or a date past) to every request would otherwise be
   * asked again at once, hundreds of times a second until the deadline.
   */
  minRetryWaitMs: number;
  /** No attempt starts after this much time from the first one. */
  deadlineMs: number;
  /** No more requests than this for one call, retries included. */
  maxAttempts: number;
  /** The first backoff step when Graph gives no Retry-After. */
  baseDelayMs: number;
}

/** What the caller is told before a retry, so that it can say why nothing happens. */
export interface RetryNotice {
  /** What the request was for: "connector c1", "the Windows Autopilot settings", "the VPP tokens" (a list). */
  entity: string;
  attempt: number;
  waitMs: number;
  reason: string;
  /** The retry is at once, with a fresh token, after Graph refused a cached one. */
  freshToken?: boolean;
}

export const retryDefaults: RetryOptions = {
  maxRetryWaitMs: 320_000,
  minRetryWaitMs: 1_000,
  deadlineMs: 900_000,
  maxAttempts: 10,
  baseDelayMs: 1_000,
};

export const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);
const retryableCodes = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EPIPE",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

export const isRetryableCode = (code: string | undefined): boolean =>
  code !== undefined && retryableCodes.has(code);

/** Retry-After in milliseconds: whole or fractional seconds, or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its day and month; Date.parse alone would read "-3" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff when Graph does not say how long to wait (Intune's 429s often carry no
 * Retry-After): the step doubles (1, 2, 4, 8 … s) and each wait is drawn between half its step and
 * the step, never under the shortest wait. The jitter spreads out many resources retrying at once;
 * keeping half the step makes every wait at least as long as the one before, so a throttled tenant
 * is really given more time at each attempt, however the draws fall.
 */
export function backoff(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const { minRetryWaitMs: floor, maxRetryWaitMs, baseDelayMs } = options;
  const step = baseDelayMs * 2 ** attempt;
  // Both ends capped on their own, so that the waits still grow as they reach the longest.
  const [low, high] = [step / 2, step].map((ms) => Math.max(floor, Math.min(maxRetryWaitMs, ms)));
  return Math.floor(low + random() * (high - low));
}

/** How long to wait before the next attempt: Retry-After when given, backoff otherwise, within the bounds. */
export function nextWait(
  attempt: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random?: () => number,
): number {
  const wait = retryAfterMs ?? backoff(attempt, options, random);
  return Math.min(options.maxRetryWaitMs, Math.max(options.minRetryWaitMs, wait));
}

/** Whether a failed attempt may be tried again, how soon Graph asks, and what to tell the user. */
export function judge(outcome: Outcome, now: number) {
  if (outcome.kind === "noAnswer") {
    return {
      retryable: isRetryableCode(outcome.code),
      retryAfterMs: undefined,
      reason: outcome.code ?? "NetworkError",
    };
  }
  const { status, headers } = outcome.response;
  const retryAfter = typeof headers["retry-after"] === "string" ? headers["retry-after"] : undefined;
  const retryable = retryableStatuses.has(status);
  return {
    retryable,
    retryAfterMs: parseRetryAfter(retryAfter, now),
    // So that the line before a wait says why it is a backoff rather than what Graph asked.
    reason: retryable && retryAfter === undefined ? `${status} with no Retry-After` : `${status}`,
  };
}
