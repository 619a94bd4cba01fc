import type { IncomingMessage } from "node:http";

/** The body is over the cap: answered 413, and the connection closed so that the rest is never read. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes, the most the emulator reads.`);
  }
}

/** The client went away before its body was complete: the request is abandoned, unanswered. */
export class ClientGone extends Error {}

/**
 * The request's bytes, up to `limit`. Rejects with BodyTooLarge (the stream paused, not destroyed,
 * so that the 413 can still be written), or ClientGone when the client goes away in the middle.
 */
function readBytes(request: IncomingMessage, limit: number, keep: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      request.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        if (keep) chunks.push(chunk);
      } else {
        request.pause();
        settle(() => reject(new BodyTooLarge(limit)));
      }
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onGone = () =>
      settle(() => reject(new ClientGone("The client went away in the middle of its request.")));
    request.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}

/**
 * The request body, read up to `limit` bytes: raw, and parsed as a form (a token request) or JSON.
 * parsed is undefined for an empty body or one that does not parse. Without `keep` (a request no
 * route reads), the body is read to its end, for the connection's sake, and let go as it comes.
 */
export async function readBody(
  request: IncomingMessage,
  limit: number,
  keep = true,
): Promise<{ raw: string; parsed: any }> {
  // A declared length over the cap is refused before a byte of it is read.
  if (Number(request.headers["content-length"] ?? 0) > limit) throw new BodyTooLarge(limit);
  const raw = (await readBytes(request, limit, keep)).toString("utf8");
  if (raw === "") return { raw, parsed: undefined };
  const type = String(request.headers["content-type"] ?? "");
  if (type.includes("application/x-www-form-urlencoded")) {
    return { raw, parsed: Object.fromEntries(new URLSearchParams(raw)) };
  }
  try {
    return { raw, parsed: JSON.parse(raw) };
  } catch {
    return { raw, parsed: undefined };
  }
}
