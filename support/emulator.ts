import { type Emulator, startEmulator } from "../emulator";
import { defaultConfig } from "../emulator/config";

/** The app that holds the write role, and its first secret. */
function writerOf(emu: Emulator) {
  const writer = emu.config.apps.find((app) =>
    Object.values(app.roles ?? {})
      .flat()
      .includes("DeviceManagementServiceConfig.ReadWrite.All"),
  )!;
  return { app: writer, clientId: writer.appId, secret: writer.secrets![0] };
}

/** The emulator's default tenants, apps and connectors, named for what the tests need of them. */
export function fixtures(emu: Emulator) {
  const [first, second] = emu.config.tenants;
  const writer = writerOf(emu).app;
  const reader = emu.config.apps.find((app) => app !== writer)!;
  return {
    tenantA: first.tenantId,
    tenantB: second.tenantId,
    connectorsA: first.connectors.map((c) => c.id),
    connectorsB: second.connectors.map((c) => c.id),
    writer: { clientId: writer.appId, secret: writer.secrets![0] },
    reader: { clientId: reader.appId, secret: reader.secrets![0] },
  };
}

/** The settings a provider needs to reach the emulator, as the environment variables a pipeline would set. */
export function emulatorEnv(
  emu: Emulator,
  app: { clientId: string; secret: string } = writerOf(emu),
): Record<string, string> {
  return {
    AZURE_TENANT_ID: emu.config.tenants[0].tenantId,
    AZURE_CLIENT_ID: app.clientId,
    AZURE_CLIENT_SECRET: app.secret,
    AZURE_AUTHORITY_HOST: emu.authorityHost,
    CONNECTOR_SYNC_GRAPH_ENDPOINT: emu.graphEndpoint,
    CONNECTOR_SYNC_CA_CERT: emu.caCertPath,
  };
}

/** Starts an emulator whose syncs complete at once, so that a wait can be asserted without sleeping. */
export async function quickEmulator(overrides: Record<string, unknown> = {}): Promise<Emulator> {
  return startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 0, ...overrides } });
}

/** Runs `body` with these environment variables set, and puts the old ones back. */
export async function withEnv<T>(
  env: Record<string, string | undefined>,
  body: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}
