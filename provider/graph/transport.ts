import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { ConnectorSyncError } from "../errors";

const loopback = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** A token is never sent in clear: https everywhere, plain http only on loopback (tests, the emulator). */
export function assertSafeEndpoint(url: string, setting: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectorSyncError(`${setting} is '${url}': it is not a URL`, {
      code: "InvalidEndpoint",
      hint: "Give an origin such as https://graph.microsoft.com.",
    });
  }
  const local = loopback.has(parsed.hostname) || parsed.hostname.startsWith("127.");
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && local)) return parsed;
  throw new ConnectorSyncError(`${setting} is '${url}': a token is never sent over plain http`, {
    code: "InvalidEndpoint",
    hint: "Use https; plain http is allowed only on loopback (127.0.0.1, ::1, localhost), for tests.",
  });
}

/**
 * The CAs to trust: the public roots, plus an extra CA (the emulator's) when
 * one is given. Node's `ca` option replaces the roots, so they are listed too.
 */
export function caBundle(caCertificatePath: string | undefined): string[] | undefined {
  return caCertificatePath ? [...rootCertificates, readFileSync(caCertificatePath, "utf8")] : undefined;
}

/** A keep-alive agent trusting the public roots and the extra CA; the caller keeps one per CA file. */
export function httpsAgent(caCertificatePath?: string): Agent {
  return new Agent({ keepAlive: true, ca: caBundle(caCertificatePath) });
}
