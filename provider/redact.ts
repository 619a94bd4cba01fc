// Text that a server, a proxy or a library controls is hostile: it may echo a
// token or a secret it was sent, or carry escapes that rewrite a terminal.
// Everything such text says passes here before it reaches an error, a log
// line, an output or the state. Nothing here knows of Pulumi.

// CSI and OSC sequences and two-character escapes, removed whole.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is removed
const escapes = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0, DEL, C1, and the bidirectional overrides that reorder what a reader sees.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is removed
const controls = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
// A JWT (or JWE) begins with a base64url '{"': eyJ. Any run from there to the end of its dotted parts is
// taken, dots or not, so that a token cut short is redacted too; the pattern cannot fail once it starts,
// so it takes linear time whatever the text.
const jwts = /eyJ[\w.-]*/g;
const schemes = /\b(Bearer|Basic)\s+[^\s,;"'<>]+/gi;
const pairs =
  /\b(client_secret|client_assertion|assertion|access_token|refresh_token|id_token|password)(["']?\s*[=:]\s*["']?)[^\s&,;"'<>]+/gi;
// user:password@ in a URL, such as a proxy's: up to the authority's last '@' (a password may hold one).
const userinfo = /\/\/[^\s/?#]*@/g;

export const redacted = "[redacted]";

/** The most of a text that is matched; a redaction shortens a token to 10 characters, so the shown part stays. */
const matchedAtMost = 64 * 1024;

/** The longest a server's sentence may be when shown. */
export const maxShown = 500;

/**
 * The text, safe to show: escapes and control characters gone (a line break
 * becomes a space), tokens, credentials and URL passwords redacted, and at
 * most `max` characters.
 */
export function untrusted(value: unknown, max = maxShown): string {
  // Cut first, at far more than is ever shown: the patterns then match a bounded text, whatever a server
  // sends. (With the quadratic patterns of old, a 240 kB body of "eyJ" took 18 s.)
  const text = String(value)
    .slice(0, matchedAtMost)
    .replace(escapes, "")
    .replace(controls, " ")
    .replace(jwts, redacted)
    .replace(schemes, `$1 ${redacted}`)
    .replace(pairs, `$1$2${redacted}`)
    .replace(userinfo, `//${redacted}@`)
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The same for a value that may be absent, or not text at all. */
export const untrustedText = (value: unknown, max?: number): string | undefined =>
  typeof value === "string" ? untrusted(value, max) : undefined;
