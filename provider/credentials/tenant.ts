import type { Agent } from "node:http";
import axios from "axios";
import { memo } from "../context";
import { maxAnswerBytes, record } from "../graph/http";
import { isGuid } from "../tenants";

export interface TenantLookup {
  authorityHost: string;
  /** The way out, shared with Graph and the token requests. */
  agent: Agent;
  timeoutMs: number;
  /** The process's answers, one per authority and spelling. */
  cache: Map<string, Promise<string>>;
}

/**
 * The tenant's id, a GUID in lower case, however the tenant is spelled, so
 * that a deployment counts each tenant once (one concurrency limit, one
 * token). A GUID is its own id; a domain is looked up once per process in
 * Entra ID's OpenID metadata, whose issuer names the tenant's id. When the
 * metadata cannot be read, the domain in lower case stands in for the id.
 */
export function tenantKey(tenantId: string, lookup: TenantLookup): Promise<string> {
  const spelling = tenantId.toLowerCase();
  if (isGuid(spelling)) return Promise.resolve(spelling);
  return memo(lookup.cache, `${lookup.authorityHost}|${spelling}`, () => discover(spelling, lookup));
}

async function discover(domain: string, { authorityHost, agent, timeoutMs }: TenantLookup): Promise<string> {
  const url = `${authorityHost}/${encodeURIComponent(domain)}/v2.0/.well-known/openid-configuration`;
  try {
    // The same way out as the token requests: the agent (its proxy and CAs), never axios's own proxy.
    const { data } = await axios.get<unknown>(url, {
      httpsAgent: agent,
      proxy: false,
      maxRedirects: 0,
      maxContentLength: maxAnswerBytes,
      timeout: timeoutMs,
    });
    // Such as https://login.microsoftonline.com/{tenant id}/v2.0; whatever else the server says is not an id.
    const { issuer } = record(data);
    const id = typeof issuer === "string" ? new URL(issuer).pathname.split("/")[1]?.toLowerCase() : undefined;
    return isGuid(id) ? id : domain;
  } catch {
    return domain;
  }
}
