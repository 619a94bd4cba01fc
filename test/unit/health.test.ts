import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exchangeConnector } from "../../provider/actions";
import { supportNotice } from "../../provider/actions/exchange-connector";
import { healthWarning } from "../../provider/core/health";

const now = Date.parse("2026-03-01T00:00:00Z");
const connector = (status: string | undefined, lastSyncDateTime: string | undefined) => ({
  id: "c1",
  status,
  lastSyncDateTime,
});
const judge = (c: Record<string, unknown>, staleAfterDays = 30, stalled?: { seconds: number }) => {
  const reasons = exchangeConnector.health(c, { staleAfterDays } as never, now, stalled);
  return { healthy: reasons.length === 0, reasons };
};

describe("connector health", () => {
  it("is healthy when connected and synced within staleAfterDays", () => {
    assert.deepEqual(judge(connector("connected", "2026-02-20T00:00:00Z")), { healthy: true, reasons: [] });
    assert.equal(judge(connector("connectionPending", "2026-01-30T00:00:00Z")).healthy, true);
  });

  it("is unhealthy when disconnected or none, whatever the last sync", () => {
    for (const status of ["disconnected", "none"]) {
      const health = judge(connector(status, "2026-02-28T00:00:00Z"));
      assert.deepEqual(health, { healthy: false, reasons: [`its status is "${status}"`] });
    }
  });

  it("is unhealthy when the last sync is older than staleAfterDays, or unreadable", () => {
    const old = connector("connected", "2026-01-29T00:00:00Z"); // 31 days before
    assert.deepEqual(judge(old, 30).reasons, ["it last synced more than 30 days ago (staleAfterDays)"]);
    assert.equal(judge(old, 31).healthy, true);
    for (const last of [undefined, "yesterday"]) {
      assert.deepEqual(judge(connector("connected", last)).reasons, ["it has no readable lastSyncDateTime"]);
    }
  });

  it("is unhealthy after a wait that timed out without movement", () => {
    const fresh = connector("connected", "2026-02-28T00:00:00Z");
    assert.deepEqual(judge(fresh, 30, { seconds: 120 }).reasons, [
      "its lastSyncDateTime did not move in the 120 s the wait lasted",
    ]);
  });

  it("warns with the connector, its status and last sync quoted, and the support notice", () => {
    const hostile = { id: "c1\u001b[2J", status: "disconnected", lastSyncDateTime: "2026-01-05T08:00:00Z" };
    const inputs = { tenantId: "t1", connectorId: "c1" };
    const message = healthWarning(exchangeConnector as never, hostile, inputs, judge(hostile).reasons, now);
    // An id Graph sent that is no plain id is not shown: the program's own is.
    assert.match(message, /^ConnectorSync: connector "c1" in tenant t1 looks unhealthy: /);
    assert.match(message, /its status is "disconnected"; .* \(lastSyncDateTime "2026-01-05T08:00:00Z"\)\./);
    assert.equal(message.split("disconnected").length - 1, 1, "the status is said once");
    assert.match(message, /19 February 2024/);
    assert.ok(message.endsWith(supportNotice));
    assert.ok(!message.includes("\u001b"), "no control character from Graph reaches the terminal");
  });

  it("says only what was measured: a wait too short for a healthy connector's sync names no end of support", () => {
    const fine = connector("connected", new Date(now - 86_400_000).toISOString());
    const { reasons } = judge(fine, 30, { seconds: 5 });
    const inputs = { tenantId: "t1", connectorId: "c1", staleAfterDays: 30 };
    const message = healthWarning(exchangeConnector as never, fine, inputs, reasons, now);
    assert.match(
      message,
      /its lastSyncDateTime did not move in the 5 s the wait lasted \(status "connected", /,
    );
    assert.ok(!message.includes(supportNotice), message);
    assert.ok(!message.includes("February 2024"), message);
  });
});
