import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AxiosResponse } from "axios";
import { graphError } from "../../provider/graph/http";
import { intuneRefusal } from "../../provider/graph/intune";

const operation = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const activity = "11111111-2222-4333-8444-555555555555";

/** Intune's envelope as Graph forwards it: indented JSON with CRLF line ends, in a string. */
function envelope(fields: Record<string, unknown> = {}): string {
  const message = {
    _version: 3,
    Message: `An error has occurred - Operation ID (for customer support): ${operation} - Activity ID: ${activity} - Url: https://fef.msub01.manage.microsoft.com/StatelessExchangeConnectorFEService/deviceManagement/exchangeConnectors%28%27x%27%29?api-version=5025-06-12 - CustomApiErrorPhrase: `,
    CustomApiErrorPhrase: "",
    RetryAfter: null,
    ErrorSourceService: "",
    HttpHeaders: "{}",
    ...fields,
  };
  return JSON.stringify(message, null, 2).replaceAll("\n", "\r\n");
}

const answer = (message: unknown) =>
  ({ data: { error: { code: "Forbidden", message } }, headers: {} }) as unknown as AxiosResponse<unknown>;

describe("Intune's error envelope", () => {
  it("reads the sentence before the ids, and the Operation and Activity IDs", () => {
    assert.deepEqual(intuneRefusal(envelope()), {
      message: "An error has occurred",
      operationId: operation,
      activityId: activity,
    });
  });

  it("adds Intune's own phrase when it gives one", () => {
    const refusal = intuneRefusal(envelope({ CustomApiErrorPhrase: "The connector is not enabled." }));
    assert.equal(refusal?.message, "An error has occurred: The connector is not enabled.");
  });

  it("keeps a sentence that has a dash of its own, and one without ids", () => {
    const dashed = intuneRefusal(envelope({ Message: "Sync failed - try later - Operation ID: abc-1" }));
    assert.deepEqual(dashed, {
      message: "Sync failed - try later",
      operationId: "abc-1",
      activityId: undefined,
    });
    assert.deepEqual(intuneRefusal(JSON.stringify({ Message: "Plain words" })), {
      message: "Plain words",
      operationId: undefined,
      activityId: undefined,
    });
  });

  it("is no envelope for anything else, which is then shown as it came", () => {
    for (const text of [
      "Resource not found for the segment 'exchangeConnectors'.",
      "{ not json",
      "[1, 2]",
      "null",
      JSON.stringify({ message: "lower case" }),
      JSON.stringify({ Message: 42 }),
      `${envelope()}${" ".repeat(20_000)}`,
    ]) {
      assert.equal(intuneRefusal(text), undefined, text.slice(0, 40));
    }
    assert.equal(graphError(answer("Plain words.")).message, "Plain words.");
    assert.equal(graphError(answer(42)).message, undefined);
  });

  it("is hostile text: the sentence is made safe, and an id is only letters, digits and dashes", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const hostile = envelope({
      Message: `\u001b[2JDenied for Bearer ${token} client_secret=s3cret - Operation ID (for customer support): ${operation}\u001b[31m;rm - Activity ID: ${"a".repeat(300)}`,
    });
    const { message, operationId, activityId } = graphError(answer(hostile));
    assert.equal(message, "Denied for Bearer [redacted] client_secret=[redacted]");
    assert.equal(operationId, operation);
    assert.equal(activityId, "a".repeat(100));
  });
});

describe("a hostile Intune envelope", () => {
  it("is read in well under a second, however many spaces it holds", () => {
    const envelope = JSON.stringify({ Message: `An error has occurred${" ".repeat(16_000)}-x` });
    const started = performance.now();
    const refusal = intuneRefusal(envelope);
    assert.ok(performance.now() - started < 250);
    assert.equal(refusal?.message, `An error has occurred${" ".repeat(16_000)}-x`.trim());
  });
});
