import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ciPaths } from "./ci";
import {
  type AppConfig,
  type ConfigOverrides,
  type EmulatorConfig,
  type ExchangeConnector,
  loadConfig,
} from "./config";
import { dispatch } from "./dispatch";
import { Entra } from "./entra";
import { Faults } from "./faults";
import { Graph } from "./graph";
import { SigningKey } from "./keys";
import { RequestLog } from "./log";
import { OidcIssuer } from "./oidc";
import { makeClientCertificate, makeServerTls } from "./tls";

export type { AppConfig, ConfigOverrides, EmulatorConfig, ExchangeConnector } from "./config";
export type { FaultResponse, RandomFault, ScriptedFault, Throttle } from "./faults";
export type { LogEntry, LogFilter } from "./log";

export interface EmulatorOptions {
  /** The tenants, apps and connectors: an object or a JSON file's path, merged deeply into the default. */
  config?: ConfigOverrides | string;
  /** A loopback address; anything else is refused. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where the CA and certificates are written; a fresh temporary folder by default, removed on stop. */
  dir?: string;
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
  config: EmulatorConfig;
  log: RequestLog;
  faults: Faults;
  oidc: OidcIssuer;
  /** Where the GitHub Actions and Azure Pipelines stand-ins hand out ID tokens. */
  ci: { githubRequestUrl: string; azurePipelinesRequestUri: string };
  /** The connector as Graph would return it now. */
  connector(tenantId: string, connectorId: string): ExchangeConnector | undefined;
  /** Registers a new certificate on the app and returns its PEM file (key and certificate), for ClientCertificateCredential. */
  issueCertificate(appId: string): string;
  stop(): Promise<void>;
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  if (!loopbackHosts.has(host)) {
    throw new Error(`The emulator listens only on loopback (127.0.0.1, ::1, localhost), not on '${host}'.`);
  }
  const config = loadConfig(options.config);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "intune-graph-emulator-"));
  let tls: ReturnType<typeof makeServerTls>;
  try {
    tls = makeServerTls(dir);
  } catch (error) {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const log = new RequestLog();
  const faults = new Faults();
  const server = createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const oidc = new OidcIssuer(url, await SigningKey.create());
  const key = await SigningKey.create();
  const parts = {
    config,
    log,
    faults,
    oidc,
    entra: new Entra(config, key, oidc),
    graph: new Graph(config, key),
  };
  server.on("request", (request, response) => dispatch(parts, url, request, response));

  const emulator: Emulator = {
    url,
    authorityHost: url,
    graphEndpoint: url,
    caCertPath: tls.caCertPath,
    config,
    log,
    faults,
    oidc,
    ci: {
      githubRequestUrl: `${url}${ciPaths.github}`,
      azurePipelinesRequestUri: `${url}${ciPaths.azurePipelines}`,
    },
    connector: (tenantId, connectorId) => parts.graph.connector(tenantId, connectorId),
    issueCertificate(appId) {
      const app = config.apps.find((a: AppConfig) => a.appId === appId);
      if (!app) throw new Error(`No app '${appId}' in the emulator's config.`);
      const { path, certificate } = makeClientCertificate(dir, `client-${randomUUID().slice(0, 8)}`);
      app.certificates = [...(app.certificates ?? []), certificate];
      return path;
    },
    stop: () => stop(server, options.dir ? undefined : dir),
  };
  return emulator;
}

async function stop(server: Server, removeDir?: string) {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  if (removeDir) rmSync(removeDir, { recursive: true, force: true });
}
