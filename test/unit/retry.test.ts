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

  it("never waits less than a second, whatever Retry-After asks", () => {
    assert.equal(retryDefaults.minRetryWaitMs, 1000);
    assert.equal(nextWait(0, 0, options), 1000);
    assert.equal(nextWait(5, parseRetryAfter("0", now), options), 1000);
    assert.equal(nextWait(5, parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now), options), 1000);
    assert.equal(nextWait(0, 400, options), 1000);
  });

  it("backs off exponentially when Graph gives no Retry-After: between half the step and the step, at least a second", () => {
    assert.equal(
      backoff(0, options, () => 0.999),
      1000,
    );
    assert.equal(
      backoff(1, options, () => 0),
      1000,
    );
    assert.equal(
      backoff(3, options, () => 0.5),
      6000,
    );
    assert.equal(
      backoff(4, options, () => 0),
      8000,
      "the step of 16 s is capped at maxRetryWaitMs (10 s here); its half is not",
    );
    assert.equal(
      backoff(10, options, () => 0.5),
      10_000,
    );
    assert.equal(
      nextWait(2, undefined, options, () => 0.9999),
      3999,
    );
  });

  it("never waits less than the wait before, however the draws fall", () => {
    const wide = { ...retryDefaults };
    for (const [before, after] of [
      [0.9999, 0],
      [0.5, 0],
      [0, 0],
    ]) {
      for (let attempt = 0; attempt < 12; attempt++) {
        const first = backoff(attempt, wide, () => before);
        const next = backoff(attempt + 1, wide, () => after);
        assert.ok(next >= first, `attempt ${attempt}: ${first} ms then ${next} ms`);
      }
    }
  });
});
