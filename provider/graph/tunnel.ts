// A tunnel through an http(s) proxy, by CONNECT, for a request to an https server.
//
// Written here rather than taken from https-proxy-agent (7.x to 9.x alike), which (1) hands the client,
// on any answer but 200, a socket that replays the proxy's own bytes, so that the client parses them
// as the server's answer from inside the tunnel: a proxy could forge Graph's 204, or Entra ID's
// metadata with a token endpoint of its choosing; and (2) reads the proxy's answer until a blank line,
// with no bound on its size and on after the request gave up. Here only a 200 opens the tunnel, at
// most 16 KiB of the answer is read, and the proxy's socket goes when the request does.
import type { ClientRequest } from "node:http";
import { isIP, type Socket, connect as tcp } from "node:net";
import { type SecureContext, connect as tls } from "node:tls";
import type { AgentConnectOpts } from "agent-base";

/** A status line and a few headers; a proxy that says more is not believed. */
const maxAnswerBytes = 16 * 1024;

/** The failure of a tunnel: a network error to the caller, with the proxy's status when it gave one. */
export class ProxyRefusal extends Error {
  readonly code = "EPROXYCONNECT";
  constructor(readonly said: string) {
    super(`the proxy refused CONNECT: ${said}`);
  }
}

/** Opens a tunnel through `proxy` to the request's host, then TLS inside it with the request's options. */
export async function tunnel(
  proxy: URL,
  request: ClientRequest,
  options: AgentConnectOpts & { secureContext?: SecureContext },
): Promise<Socket> {
  const port = Number(proxy.port) || (proxy.protocol === "https:" ? 443 : 80);
  const host = proxy.hostname.replace(/^\[|\]$/g, "");
  const socket =
    proxy.protocol === "https:"
      ? tls({ host, port, servername: isIP(host) ? undefined : host, secureContext: options.secureContext })
      : tcp({ host, port });
  // A request that gives up (its timeout, an abort) takes the proxy's socket with it.
  const abandon = () => socket.destroy();
  request.once("close", abandon);
  try {
    const target = `${isIP(options.host ?? "") === 6 ? `[${options.host}]` : options.host}:${options.port}`;
    const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`];
    if (proxy.username || proxy.password) {
      const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      lines.push(`Proxy-Authorization: Basic ${Buffer.from(user).toString("base64")}`);
    }
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    const status = await answerTo(socket);
    if (status !== 200) {
      socket.destroy();
      throw new ProxyRefusal(status === undefined ? "no HTTP status" : String(status));
    }
    // The request's TLS options (the CAs' secure context among them), less where to connect: the socket is.
    const { host: _, port: __, path: ___, ...secure } = options as unknown as Record<string, unknown>;
    const servername = options.host && !isIP(options.host) ? options.host : undefined;
    return tls({ ...secure, servername, socket });
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    request.off("close", abandon);
  }
}

/** The status of the proxy's answer to CONNECT, read whole and bounded; undefined when it is no HTTP. */
function answerTo(socket: Socket): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const settle = (outcome: () => void) => {
      socket.off("data", onData).off("error", onError).off("close", onClose);
      socket.pause();
      outcome();
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > maxAnswerBytes) settle(() => reject(new ProxyRefusal("an answer over 16 KiB")));
        return;
      }
      const said = /^HTTP\/1\.[01] (\d{3})\b/.exec(head.toString("latin1", 0, Math.min(end, 64)))?.[1];
      const status = said === undefined ? undefined : Number(said);
      // The server inside speaks only after the client's TLS hello: bytes beyond the answer are the proxy's.
      if (status === 200 && end + 4 !== head.length)
        return settle(() => reject(new ProxyRefusal("200, with bytes of its own after it")));
      settle(() => resolve(status));
    };
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new ProxyRefusal("it closed the connection")));
    socket.on("data", onData).once("error", onError).once("close", onClose);
  });
}
