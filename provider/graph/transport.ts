import { readFileSync } from "node:fs";
import { isIPv4 } from "node:net";
import { rootCertificates } from "node:tls";
import { ConnectorSyncError } from "../errors";
import { untrusted } from "../redact";

/**
 * Whether a parsed URL's host is this machine: `localhost`, `[::1]`, or an
 * IPv4 address in 127.0.0.0/8. The host is judged as the WHATWG URL parser
 * leaves it, which is what axios, Node and @azure/identity connect to: so
 * `http://127.1/` and `http://2130706433/` are 127.0.0.1 and pass, while
 * `127.0.0.1.evil.com` (or `127.0.0.1%2eevil.com`, decoded to it) is a name
 * that DNS may send anywhere, and fails. IPv4-mapped IPv6 (`[::ffff:7f00:1]`)
 * is not taken for loopback.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || (isIPv4(host) && host.startsWith("127."));
}

/** A token is never sent in clear: https everywhere, plain http only on loopback (tests, the emulator). */
export function assertSafeEndpoint(url: string, setting: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectorSyncError(`${setting} is '${untrusted(url, 200)}': it is not a URL`, {
      code: "InvalidEndpoint",
      setting,
      hint: "Give an origin such as https://graph.microsoft.com.",
    });
  }
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && isLoopback(parsed))) return parsed;
  throw new ConnectorSyncError(
    `${setting} is '${untrusted(url, 200)}': a token is never sent over plain http`,
    {
      code: "InvalidEndpoint",
      setting,
      hint: "Use https; plain http is allowed only on loopback (127.0.0.0/8, [::1], localhost), for tests.",
    },
  );
}

/**
 * The CAs to trust: the public roots, plus an extra CA (the emulator's) when
 * one is given. Node's `ca` option replaces the roots, so they are listed too.
 */
export function caBundle(caCertificatePath: string | undefined): string[] | undefined {
  return caCertificatePath ? [...rootCertificates, readFileSync(caCertificatePath, "utf8")] : undefined;
}
