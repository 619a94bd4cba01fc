import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoff, nextWait, parseRetryAfter, retryDefaults } from "../../provider/graph/retry";

const now = Date.parse("2026-11-22T10:00:00Z");

describe("Retry-After", () => {
  it("reads whole and fractional seconds", () => {
    assert.equal(parseRetryAfter("7", now), 7000);
    assert.equal(parseRetryAfter(" 1.5 ", now), 1500);
    assert.equal(parseRetryAfter("315", now), 315_000);
  });

  it("reads an HTTP date, and a date in the past as no wait", () => {
    assert.equal(parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("Sun, 22 Nov 2026 09:59:00 GMT", now), 0);
  });

  it("is undefined when absent or unreadable", () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter("-3", now), undefined);
  });
});

describe("waits", () => {
  const options = { ...retryDefaults, baseDelayMs: 1000, maxRetryWaitMs: 10_000 };

  it("follows Retry-After, capped per wait", () => {
    assert.equal(nextWait(0, 2500, options), 2500);
    assert.equal(nextWait(0, 315_000, options), 10_000);
  });

  it("backs off exponentially with full jitter when Graph gives no Retry-After", () => {
    assert.equal(
      backoff(0, options, () => 0.999),
      999,
    );
    assert.equal(
      backoff(3, options, () => 0.5),
      4000,
    );
    assert.equal(
      backoff(10, options, () => 0.5),
      5000,
    );
    assert.equal(
      backoff(4, options, () => 0),
      0,
    );
    assert.equal(
      nextWait(2, undefined, options, () => 1),
      4000,
    );
  });
});
