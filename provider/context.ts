import { createHash } from "node:crypto";
import type { Agent } from "node:http";
import stringify from "safe-stable-stringify";
import type { TokenSource } from "./graph/client";
import { type Clock, systemClock } from "./graph/retry";
import type { ProviderSettings } from "./settings";
import { engineInfo, engineWarning } from "./warnings";

export type { TokenSource } from "./graph/client";
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * What one provider process keeps between resources. The engine starts one
 * process for a deployment, which serves every resource of it, and calls
 * `configure` first; `configure` starts a fresh context.
 */
export interface ProviderContext {
  /** What `configure` read; undefined when the provider is driven directly, and then each call reads the environment. */
  readonly settings?: ProviderSettings;
  /** For retry waits, deadlines and polls. */
  readonly clock: Clock;
  /** One concurrency limit per tenant, shared by every request of the deployment to it. */
  readonly limits: Map<string, Limit>;
  /** One agent per CA file: the way out, direct or through the proxy, with its keep-alive sockets. */
  readonly agents: Map<string, Agent>;
  /** One pace per tenant: its sync requests wait for the tenant's sync rate (connectorSync:syncRate). */
  readonly paces: Map<string, () => Promise<void>>;
  /** One token source per credential, so that a deployment asks Entra ID for one token per tenant. */
  readonly tokenSources: Map<string, TokenSource>;
  /** The tenant's id for each spelling (a domain, looked up once), so that a tenant is counted once. */
  readonly tenantIds: Map<string, Promise<string>>;
  /** Where warnings go: the engine, unless a test collects them. */
  readonly warn: (message: string) => Promise<void>;
  /** Where the one line each accepted sync leaves goes (an audit log's line): the engine's info. */
  readonly tell: (message: string) => Promise<void>;
  /** What was warned about once already in this deployment, such as a resource's unhealthy connector. */
  readonly warned: Set<string>;
}

export interface ContextOptions {
  settings?: ProviderSettings;
  clock?: Clock;
  warn?: (message: string) => Promise<void>;
  tell?: (message: string) => Promise<void>;
}

let current = createContext();

export function createContext(options: ContextOptions = {}): ProviderContext {
  return {
    settings: options.settings,
    clock: options.clock ?? systemClock,
    limits: new Map(),
    agents: new Map(),
    tokenSources: new Map(),
    paces: new Map(),
    tenantIds: new Map(),
    warn: options.warn ?? engineWarning,
    tell: options.tell ?? engineInfo,
    warned: new Set(),
  };
}

export const providerContext = (): ProviderContext => current;

/** Starts afresh, with nothing cached: `configure` does, and so can a test. */
export function resetContext(options: ContextOptions = {}): ProviderContext {
  current = createContext(options);
  return current;
}

/** The value cached under `key`, made on first use. */
export function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/**
 * The key of a set of settings: a digest of their stable JSON, which holds the client secret. A Map
 * key lives as long as the process and shows in a heap dump or a debugger; a digest shows nothing.
 */
export const settingsKey = (settings: ProviderSettings): string =>
  createHash("sha256")
    .update(stringify(settings) ?? "")
    .digest("hex");
