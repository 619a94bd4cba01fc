// Graph forwards a refusal by Intune (a 403, a 404, a bad body, a throttle) with Intune's own text as
// error.message: a JSON document in a string, such as
//   {"_version": 3, "Message": "An error has occurred - Operation ID (for customer support): <id>
//    - Activity ID: <request-id> - Url: <Intune's internal URL> - CustomApiErrorPhrase: ", ...}
// A person can act only on the sentence before " - Operation ID"; Intune's support asks for the two
// ids. The text is a server's, so it is read here and made safe by the caller, like any other.
export interface IntuneRefusal {
  /** The readable sentence, and Intune's own phrase for it when it gave one. */
  message: string;
  /** "Operation ID (for customer support)". */
  operationId?: string;
  /** "Activity ID": Graph's request-id as Intune saw it. */
  activityId?: string;
}

// An envelope is a few hundred characters; a longer text is not parsed, only shown cut short.
const longestEnvelope = 16_384;
// The sentence ends where the first of the parts Intune appends begins.
// One white space each side, not a run, which would make a long run of spaces quadratic.
const appended = /\s-\s(?:Operation ID|Activity ID|Url|CustomApiErrorPhrase)\b/;
const operation = /Operation ID(?: \(for customer support\))?:\s*([\w-]{1,100})/;
const activity = /Activity ID:\s*([\w-]{1,100})/;

/** Intune's envelope read, or undefined when the text is not one: it is then shown as it came. */
export function intuneRefusal(text: string): IntuneRefusal | undefined {
  if (text.length > longestEnvelope || !text.trimStart().startsWith("{")) return undefined;
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (envelope === null || typeof envelope !== "object") return undefined;
  const { Message, CustomApiErrorPhrase: phrase } = envelope as Record<string, unknown>;
  if (typeof Message !== "string") return undefined;
  const sentence = Message.split(appended)[0].trim();
  const own = typeof phrase === "string" && phrase.trim() ? phrase.trim() : undefined;
  return {
    message: [sentence, own].filter(Boolean).join(": "),
    operationId: operation.exec(Message)?.[1],
    activityId: activity.exec(Message)?.[1],
  };
}
