// Entra ID's refusals, as @azure/identity hands them on: MSAL's error, whose message holds Entra ID's
// error_description ("AADSTS7000215: Invalid client secret provided…\r\nTrace ID: …\r\nCorrelation ID:
// …\r\nTimestamp: …"), or @azure/identity's AuthenticationError, whose errorResponse has them parsed.
// Entra ID's support asks for the trace id, the correlation id and the time. The text is hostile:
// the authority, or a proxy before it, may echo what it was sent.
import { record } from "../graph/http";
import { untrusted, untrustedText } from "../redact";

export interface EntraRefusal {
  /** The AADSTS sentence, else the first line. */
  description: string;
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
}

const aadsts = /AADSTS\d+:[^\r\n]*/;
// MSAL appends the ids to the description after " - ". One white space each side, not a run: a run
// would be tried again from each of its characters, quadratic in a long one.
const appended = /\s-\s(?:Trace ID|Correlation ID|Timestamp):/;
// Entra ID's description is a few hundred characters; only this much of a longer text is read.
const longestDescription = 8_192;
const said = (label: string, text: string) => new RegExp(`${label}:\\s*([\\w-]{1,100})`).exec(text)?.[1];
const timestamp = /Timestamp:\s*(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z?)/;

export function entraRefusal(error: unknown): EntraRefusal {
  const { errorResponse, message } = record(error);
  const parsed = record(errorResponse);
  const text = String(parsed.errorDescription ?? message ?? error).slice(0, longestDescription);
  const sentence = (aadsts.exec(text)?.[0] ?? text.split("\n")[0]).split(appended)[0];
  const id = (value: unknown) => untrustedText(value, 100);
  return {
    description: untrusted(sentence),
    traceId: id(parsed.traceId) ?? id(said("Trace ID", text)),
    correlationId: id(parsed.correlationId) ?? id(said("Correlation ID", text)),
    timestamp: id(parsed.timestamp) ?? id(timestamp.exec(text)?.[1]),
  };
}
