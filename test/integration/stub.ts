import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export type StubHandler = (request: StubRequest, response: ServerResponse) => void;

/**
 * A stand-in for Graph on plain http on loopback (which the provider allows,
 * for tests), for answers the emulator does not give: a bad Date header, an
 * error message that echoes what it was sent. It records every request.
 */
export async function stubGraph(handler: StubHandler) {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers };
    requests.push(request);
    req.resume();
    req.on("end", () => handler(request, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Answers with JSON, this status and these headers. */
export function answer(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  res.sendDate = false;
  res.writeHead(status, {
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
