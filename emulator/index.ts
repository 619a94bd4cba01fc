import { randomBytes, randomUUID } from "node:crypto";
import { actionNamed } from "./actions/index";
import { type EntityChange, IntuneActions } from "./actions/store";
import { ciPaths } from "./ci";
import {
  type AppConfig,
  type ConfigOverrides,
  type EmulatorConfig,
  type ExchangeConnector,
  loadConfig,
} from "./config";
import { type Dispatcher, dispatch } from "./dispatch";
import { Entra } from "./entra";
import { Faults } from "./faults";
import { Graph } from "./graph";
import { SigningKey } from "./keys";
import { Latency } from "./latency";
import { RequestLog } from "./log";
import { OidcIssuer } from "./oidc";
import { IssuedTokens } from "./revocation";
import { close, type Listening, listen, type ServerLimits, serverLimits } from "./server";
import { temporaryFolder } from "./temporary";
import { makeClientCertificate, makeServerTls } from "./tls";

export type { EntityChange } from "./actions/store";
export type {
  AppConfig,
  ConfigOverrides,
  DepOnboardingSetting,
  EmulatorConfig,
  ExchangeConnector,
  ManagedGooglePlaySettings,
  VppToken,
  WindowsAutopilotSettings,
} from "./config";
export type { FaultResponse, RandomFault, ScriptedFault, Throttle } from "./faults";
export type { Latency, LatencyModel } from "./latency";
export { type IntuneLimits, intunePublishedLimits } from "./limits";
export type { LogEntry, LogFilter } from "./log";
export type { ServerLimits } from "./server";

export interface EmulatorOptions {
  /** The tenants, apps and connectors: an object or a JSON file's path, merged deeply into the default. */
  config?: ConfigOverrides | string;
  /** A loopback address; anything else is refused. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the CA certificate and client certificates are written; a fresh temporary folder by default, removed on stop. */
  dir?: string;
  /** Body cap and timeouts per client; the defaults (1 MiB, 5 s for headers, 10 s per request) suit a pipeline. */
  limits?: ServerLimits;
  /**
   * How many requests the log keeps, the newest; 10,000 by default. Older ones are dropped, and
   * counted in `log.dropped`.
   */
  logEntries?: number;
  /**
   * What the throttle, Intune's limits and the other actions' syncs (their completion, their 10- and
   * 15-minute rules) read as now, in ms since the epoch; Date.now by default. A test steps its own to
   * move a window on without waiting for it. The connector's syncs keep Date.now, as before.
   */
  clock?: () => number;
}

export interface Emulator {
  /** The HTTPS origin of both sides: Entra ID and Graph. */
  url: string;
  /** For AZURE_AUTHORITY_HOST. */
  authorityHost: string;
  /** For CONNECTOR_SYNC_GRAPH_ENDPOINT: a bare origin, as for the real Graph. */
  graphEndpoint: string;
  /** The CA that signed the emulator's certificate, for CONNECTOR_SYNC_CA_CERT. */
  caCertPath: string;
  /**
   * What the control API over HTTP (/_emulator/*) takes, as `Authorization: Bearer <token>`; random,
   * one per start, and printed by the command line as CONNECTOR_SYNC_EMULATOR_TOKEN. The in-process
   * API (log, faults, latency, revokeTokens) needs none.
   */
  controlToken: string;
  config: EmulatorConfig;
  /**
   * What reached it, oldest first: `log.count({ route, status })`, `log.entries(filter)`, the newest
   * 10,000 (`logEntries`) with `log.dropped` counting the older ones let go. GET /_emulator/log.
   */
  log: RequestLog;
  faults: Faults;
  /**
   * How long answers take: `latency.set({ graph: { medianMs, jitterMs }, token: {...}, seed })` replaces
   * the model (config.latency at the start), `latency.clear()` removes it. POST and DELETE /_emulator/latency.
   */
  latency: Latency;
  oidc: OidcIssuer;
  /** Where the GitHub Actions and Azure Pipelines stand-ins hand out ID tokens. */
  ci: { githubRequestUrl: string; azurePipelinesRequestUri: string };
  /** The connector as Graph would return it now. */
  connector(tenantId: string, connectorId: string): ExchangeConnector | undefined;
  /**
   * The other actions' entities as Graph would return them now, and a control call to change one:
   * `actions.get("vppTokens", tenantId, id)`, `actions.get("windowsAutopilotSettings", tenantId)`,
   * `actions.set({ entitySet, tenantId, id?, fields?, nextSyncFails? })`. POST /_emulator/entities.
   */
  actions: {
    get(entitySet: string, tenantId: string, id?: string): Record<string, unknown> | undefined;
    set(change: EntityChange): Record<string, unknown>;
  };
  /** Registers a new certificate on the app and returns its PEM file (key and certificate), for ClientCertificateCredential. */
  issueCertificate(appId: string): string;
  /**
   * Every access token issued so far is refused by Graph from now on (401 InvalidAuthenticationToken,
   * with Graph's WWW-Authenticate challenge); tokens asked for afterwards work. POST /_emulator/revoke-tokens.
   */
  revokeTokens(): void;
  stop(): Promise<void>;
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  if (!loopbackHosts.has(host)) {
    throw new Error(`The emulator listens only on loopback (127.0.0.1, ::1, localhost), not on '${host}'.`);
  }
  const config = loadConfig(options.config);
  const limits = serverLimits(options.limits);
  const log = new RequestLog(options.logEntries);
  const key = await SigningKey.create();
  const oidcKey = await SigningKey.create();
  // Made last before the server starts, so that a start that fails removes it at once. It goes with
  // the emulator, or with the process if nobody stops the emulator; a folder given stays.
  const temporary = options.dir ? undefined : temporaryFolder();
  const dir = options.dir ?? temporary!.dir;
  const forget = () => temporary?.remove();
  const stopping = new AbortController();
  // Set the moment the server listens, before any request can arrive: the port makes the origin.
  let dispatcher: Dispatcher | undefined;
  let listening: Listening;
  let caCertPath: string;
  try {
    const tls = makeServerTls(dir);
    caCertPath = tls.caCertPath;
    listening = await listen(tls, host, options.port ?? 0, limits, (request, response) =>
      dispatcher ? dispatch(dispatcher, request, response) : Promise.reject(new Error("not ready")),
    );
  } catch (error) {
    forget();
    throw error;
  }
  const { server, port } = listening;
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const oidc = new OidcIssuer(url, oidcKey);
  const issued = new IssuedTokens();
  const parts = {
    config,
    log,
    faults: new Faults(options.clock),
    latency: new Latency(config.latency),
    oidc,
    issued,
    entra: new Entra(config, key, oidc, issued),
    graph: new Graph(config, key, issued),
    actions: new IntuneActions(config, options.clock ?? Date.now),
    controlToken: randomBytes(32).toString("base64url"),
  };
  dispatcher = { parts, origin: url, maxBodyBytes: limits.maxBodyBytes, stopping: stopping.signal };

  return {
    url,
    authorityHost: url,
    graphEndpoint: url,
    caCertPath,
    controlToken: parts.controlToken,
    config,
    log: parts.log,
    faults: parts.faults,
    latency: parts.latency,
    oidc,
    ci: {
      githubRequestUrl: `${url}${ciPaths.github}`,
      azurePipelinesRequestUri: `${url}${ciPaths.azurePipelines}`,
    },
    connector: (tenantId, connectorId) => parts.graph.connector(tenantId, connectorId),
    actions: {
      get(entitySet, tenantId, id) {
        const entry = actionNamed(entitySet);
        if (!entry) throw new Error(`No entity set '${entitySet}' in the emulator.`);
        return parts.actions.get(entry, tenantId, entry.singleton ? "" : id);
      },
      set: (change) => parts.actions.set(change),
    },
    issueCertificate(appId) {
      const app = config.apps.find((a: AppConfig) => a.appId === appId);
      if (!app) throw new Error(`No app '${appId}' in the emulator's config.`);
      const { path, certificate } = makeClientCertificate(dir, `client-${randomUUID().slice(0, 8)}`);
      app.certificates = [...(app.certificates ?? []), certificate];
      return path;
    },
    revokeTokens: () => issued.revokeAll(),
    async stop() {
      stopping.abort();
      await close(server);
      forget();
    },
  };
}
