import { type ClientRequest, Agent as Http } from "node:http";
import { Agent as Https } from "node:https";
import { createSecureContext, type SecureContext } from "node:tls";
import { Agent as AgentBase, type AgentConnectOpts } from "agent-base";
import { getProxyForUrl } from "proxy-from-env";
import { ConnectorSyncError } from "../errors";
import { caBundle, isLoopback } from "./transport";
import { ProxyRefusal, tunnel } from "./tunnel";

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

/** An agent whose sockets are tunnels through one proxy, kept alive and reused like any agent's. */
class Tunnels extends AgentBase {
  constructor(
    private readonly proxy: URL,
    options: object,
    /** Told of each tunnel opened (undefined) or refused (what the proxy said), by target host. */
    private readonly told: (host: string, refusal: string | undefined) => void,
  ) {
    super(options as ConstructorParameters<typeof AgentBase>[0]);
  }

  override async connect(request: ClientRequest, options: AgentConnectOpts) {
    try {
      const socket = await tunnel(this.proxy, request, options);
      this.told(options.host ?? "", undefined);
      return socket;
    } catch (error) {
      if (error instanceof ProxyRefusal) this.told(options.host ?? "", error.said);
      throw error;
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
  private readonly tunnels = new Map<string, Tunnels>();
  /** What a proxy last said when it refused a tunnel to each host, until a tunnel there opens. */
  private readonly refusals = new Map<string, string>();

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
    let tunnels = this.tunnels.get(proxy.href);
    if (!tunnels) {
      const told = (host: string, refusal: string | undefined) =>
        refusal === undefined ? this.refusals.delete(host) : this.refusals.set(host, refusal);
      tunnels = new Tunnels(proxy, { keepAlive: true, ...this.tls }, told);
      this.tunnels.set(proxy.href, tunnels);
    }
    return tunnels;
  }

  /**
   * Why the proxy last refused a tunnel to this URL's host, if it did: for a caller whose library
   * (MSAL) reports a failed request with a message of its own, in which the refusal is lost.
   */
  proxyRefusal(url: string): string | undefined {
    return this.refusals.get(new URL(url).hostname.replace(/^\[|\]$/g, ""));
  }
}

/** The agent for an extra CA file (or none): the caller keeps one per file, whose keep-alive sockets it reuses. */
export const routingAgent = (caCertificatePath?: string): RoutingAgent =>
  new RoutingAgent(caBundle(caCertificatePath));
