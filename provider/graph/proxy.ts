import { type ClientRequest, Agent as Http } from "node:http";
import { Agent as Https } from "node:https";
import type { Socket } from "node:net";
import { createSecureContext, type SecureContext } from "node:tls";
import { Agent as AgentBase, type AgentConnectOpts } from "agent-base";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { ConnectorSyncError } from "../errors";
import { caBundle, isLoopback } from "./transport";

// proxy-from-env reads them in this order, lower case first; the first set is the one a refusal names.
const variables = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"];
const proxyVariable = () => variables.find((name) => process.env[name]) ?? "HTTPS_PROXY";

/**
 * The proxy for an https URL, as HTTPS_PROXY (or ALL_PROXY) and NO_PROXY say
 * now, or undefined for none. A proxy URL is shown without its user and
 * password, and one with a password must be https (or on loopback): a proxy's
 * password is never sent in clear.
 */
export function proxyFor(url: string): URL | undefined {
  const raw = getProxyForUrl(url);
  if (!raw) return undefined;
  const refuse = (shown: string, why: string) =>
    new ConnectorSyncError(`${proxyVariable()} is '${shown}': ${why}`, {
      code: "InvalidSetting",
      setting: proxyVariable(),
      hint: "Set HTTPS_PROXY to http://host:port, or https://user:password@host:port for a proxy that asks for a password; NO_PROXY lists the hosts to reach directly.",
    });
  let proxy: URL;
  try {
    proxy = new URL(raw);
  } catch {
    throw refuse("(not shown)", "it is not a URL");
  }
  const shown = `${proxy.protocol}//${proxy.host}`;
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:")
    throw refuse(shown, "it must be http or https");
  if ((proxy.username || proxy.password) && proxy.protocol === "http:" && !isLoopback(proxy)) {
    throw refuse(`http://[redacted]@${proxy.host}`, "a proxy's password is never sent over plain http");
  }
  return proxy;
}

/**
 * The tunnel through a proxy, by CONNECT. On any answer but 200, https-proxy-agent hands the client a
 * socket that replays the proxy's own bytes, which the client would then parse as the answer from
 * inside the tunnel: a proxy could forge Graph's 204, or Entra ID's metadata with a token endpoint of
 * its choosing. Here any status but 200 fails the request, and the proxy's bytes are never read.
 */
class Tunnel extends HttpsProxyAgent<string> {
  override async connect(request: ClientRequest, options: AgentConnectOpts): Promise<Socket> {
    let status: number | undefined;
    // Emitted with the proxy's parsed status line before the socket is returned.
    const heard = (answer: { statusCode: number }) => {
      status = answer.statusCode;
    };
    request.once("proxyConnect", heard);
    try {
      const socket = await super.connect(request, options);
      if (status === 200) return socket;
      socket.destroy();
      const shown = Number.isInteger(status) ? String(status) : "no status";
      throw Object.assign(new Error(`the proxy refused CONNECT: ${shown}`), { code: "EPROXYCONNECT" });
    } finally {
      request.off("proxyConnect", heard);
    }
  }
}

/**
 * The one way out for every request that may carry a token: Graph's, Entra
 * ID's (@azure/identity is handed this agent, so its own proxy policy stands
 * aside) and a pipeline's OIDC request. For each request it asks `proxyFor`:
 * https goes through the proxy by CONNECT, a tunnel in which the proxy sees
 * the host name and never the request, and the same CAs are trusted inside
 * the tunnel as outside; plain http, allowed only on loopback, never goes
 * through a proxy.
 */
export class RoutingAgent extends AgentBase {
  private readonly direct: Https;
  private readonly plain = new Http({ keepAlive: true });
  private readonly tunnels = new Map<string, Tunnel>();

  private readonly tls?: { secureContext: SecureContext };

  /** `ca`: the CAs to trust, for Graph, Entra ID and an https proxy alike; Node's roots when absent. */
  constructor(ca?: string[]) {
    // One secure context for the CAs, built once, in the options each request carries, so that a
    // tunnel's TLS to the target trusts them too. Given as `ca`, the whole bundle would be parsed
    // again for every connection, and copied into the pool key of every request.
    const tls = ca && { secureContext: createSecureContext({ ca }) };
    super({ keepAlive: true, ...tls } as ConstructorParameters<typeof AgentBase>[0]);
    this.tls = tls;
    this.direct = new Https({ keepAlive: true, ...tls });
  }

  override connect(_request: unknown, options: AgentConnectOpts): Http {
    if (!options.secureEndpoint) return this.plain;
    const host = options.host?.includes(":") ? `[${options.host}]` : options.host;
    const proxy = proxyFor(`https://${host}:${options.port}`);
    if (!proxy) return this.direct;
    let tunnel = this.tunnels.get(proxy.href);
    if (!tunnel) {
      tunnel = new Tunnel(proxy.href, { keepAlive: true, ...this.tls });
      this.tunnels.set(proxy.href, tunnel);
    }
    return tunnel;
  }
}

/** The agent for an extra CA file (or none): the caller keeps one per file, whose keep-alive sockets it reuses. */
export const routingAgent = (caCertificatePath?: string): RoutingAgent =>
  new RoutingAgent(caBundle(caCertificatePath));
