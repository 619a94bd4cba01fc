/**
 * A connector id is put in the URL as one path segment, and must mean the
 * same to every parser on the way. So only RFC 3986's unreserved characters,
 * which encodeURIComponent leaves as they are, and never a dot-segment: URL
 * normalization removes "." and "..", and a sync of ".." went to
 * /deviceManagement/sync. No '%', '\', control or non-ASCII character, whose
 * meaning depends on who decodes it. A Graph id is a GUID (36 characters).
 */
const unreserved = /^[A-Za-z0-9._~-]{1,128}$/;

export const segmentRule =
  "1 to 128 of the characters A-Z a-z 0-9 - . _ ~ (one URL path segment, sent as given), and not '.' or '..'";

export const isPlainSegment = (value: unknown): value is string =>
  typeof value === "string" && unreserved.test(value) && value !== "." && value !== "..";
