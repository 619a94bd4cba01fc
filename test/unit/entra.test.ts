import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entraRefusal } from "../../provider/credentials/entra";

const trace = "9a2183f0-5965-47f0-97e9-72f2c33cd1f7";
const correlation = "8b288f5c-b0d9-4f25-a2bb-ffcd78218ec9";
const time = "2026-11-29 05:46:13Z";
const description = (sentence: string) =>
  `${sentence}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${time}`;

describe("Entra ID's refusals", () => {
  it("as MSAL words them: the AADSTS sentence, and the trace id, correlation id and timestamp", () => {
    // The message of the error @azure/identity throws for a client secret Entra ID refused.
    const message = `invalid_client: Error(s): 7000215 - Timestamp: ${time} - Description: ${description("AADSTS7000215: Invalid client secret provided for app 'a1'.")} - Correlation ID: ${correlation} - Trace ID: ${trace}`;
    assert.deepEqual(entraRefusal(new Error(message)), {
      description: "AADSTS7000215: Invalid client secret provided for app 'a1'.",
      traceId: trace,
      correlationId: correlation,
      timestamp: time,
    });
  });

  it("as @azure/identity parses them, in errorResponse", () => {
    const error = Object.assign(new Error("ignored"), {
      errorResponse: {
        errorDescription: description("AADSTS90002: Tenant 'x' not found."),
        traceId: "t-1",
        correlationId: "c-1",
        timestamp: time,
      },
    });
    assert.deepEqual(entraRefusal(error), {
      description: "AADSTS90002: Tenant 'x' not found.",
      traceId: "t-1",
      correlationId: "c-1",
      timestamp: time,
    });
  });

  it("anything else: its first line, and no ids", () => {
    assert.deepEqual(entraRefusal(new Error("connect ECONNREFUSED 127.0.0.1:1\nat …")), {
      description: "connect ECONNREFUSED 127.0.0.1:1",
      traceId: undefined,
      correlationId: undefined,
      timestamp: undefined,
    });
    assert.equal(entraRefusal("plain words").description, "plain words");
  });

  it("is hostile text: the sentence made safe, the ids only letters, digits and dashes", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const echoed = description(`AADSTS50000: \u001b[31mYou sent client_secret=s3cret and Bearer ${token}`);
    const refusal = entraRefusal(new Error(echoed.replace(trace, `${trace}\u001b]8;;evil\u0007`)));
    assert.equal(refusal.description, "AADSTS50000: You sent client_secret=[redacted] and Bearer [redacted]");
    assert.equal(refusal.traceId, trace);
    const parsed = { errorResponse: { errorDescription: "x", correlationId: `c\r\n${token}` } };
    assert.equal(entraRefusal(parsed).correlationId, "c [redacted]");
  });
});

describe("a hostile Entra ID refusal of 1 MiB", () => {
  it("is read in well under a second, its sentence cut short", () => {
    const started = performance.now();
    const refusal = entraRefusal(new Error(`AADSTS50000: ${" ".repeat(1024 * 1024)}-x Trace ID: t`));
    assert.ok(performance.now() - started < 250);
    assert.ok(refusal.description.length <= 501);
  });
});
