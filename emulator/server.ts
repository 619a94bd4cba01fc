// The HTTPS server under the routes, set so that a slow or broken client costs only its connection.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * What one client may cost the emulator. A client slower than the timeouts gets a 408 and its
 * connection closed; a body over the cap a 413.
 */
export interface ServerLimits {
  /** The largest request body read; default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a client may take to send its request headers (and to finish the TLS handshake); default 5 s. */
  headersTimeoutMs?: number;
  /** How long a client may take to send its whole request, body included; default 10 s. */
  requestTimeoutMs?: number;
}

const limitsSchema = z
  .strictObject({
    maxBodyBytes: z
      .int()
      .min(1)
      .max(1024 ** 3)
      .default(1024 * 1024),
    headersTimeoutMs: z.int().min(10).max(600_000).default(5_000),
    requestTimeoutMs: z.int().min(10).max(600_000).default(10_000),
  })
  .refine((l) => l.headersTimeoutMs <= l.requestTimeoutMs, {
    message: "must not be longer than requestTimeoutMs",
    path: ["headersTimeoutMs"],
  });

/** The limits with their defaults; an Error naming the setting for one out of range. */
export function serverLimits(given: ServerLimits = {}): Required<ServerLimits> {
  const result = limitsSchema.safeParse(given);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "limits"}: ${i.message}`);
  throw new Error(`The emulator's limits are wrong: ${problems.join("; ")}.`);
}

export interface Listening {
  server: Server;
  port: number;
}

/** An HTTPS server on host:port whose every request goes to `onRequest`, which must never reject. */
export async function listen(
  tls: { key: string; cert: string },
  host: string,
  port: number,
  limits: Required<ServerLimits>,
  onRequest: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<Listening> {
  const server = createServer({
    key: tls.key,
    cert: tls.cert,
    // A client that opens a connection and says nothing holds it no longer than this.
    handshakeTimeout: limits.headersTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts above at this interval (30 s by default, longer than they are).
    connectionsCheckingInterval: Math.max(5, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  });
  server.on("request", (request, response) => {
    // dispatch answers every failure itself; this is the last guard against an unhandled rejection.
    onRequest(request, response).catch(() => request.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** Stops accepting, ends every connection, and resolves once the server is closed. */
export function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
