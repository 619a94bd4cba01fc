#!/usr/bin/env node
// intune-graph-emulator: a local Microsoft Graph and Entra ID for your own
// Pulumi programs and CI. Prints its URLs, then `export` lines to eval.
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { adminPaths } from "./admin";
import { startEmulator } from "./index";
import { defaultLogEntries } from "./log";
import { removeWhenGone } from "./temporary";

const usage = `Usage: intune-graph-emulator [--config emulator.json] [--port N] [--log-entries N]

Starts a local Microsoft Graph and Entra ID on 127.0.0.1 over HTTPS, with the
tenants, apps and connectors of the config file (or a ready default), and prints
the environment a ConnectorSync program needs:

  npx intune-graph-emulator > emulator.env &
  until grep -q CA_CERT emulator.env; do sleep 0.2; done
  eval "$(grep ^export emulator.env)"             # then pulumi up as usual

Its request log keeps the newest ${defaultLogEntries.toLocaleString("en")} requests unless --log-entries says
otherwise; GET /_emulator/log, with Authorization: Bearer $CONNECTOR_SYNC_EMULATOR_TOKEN, says how
many it dropped.

Stop it with Ctrl-C (SIGINT), SIGTERM or SIGHUP; its temporary folder goes with it.`;

/**
 * The value as one shell word, for `eval`: in single quotes, where nothing is special but the quote
 * itself, written '\''. A config's secret or a TMPDIR holding a space, $(...), a backtick or a quote
 * is then a value, never a command. A line break could not survive `grep ^export`: refused.
 */
function shellWord(name: string, value: string): string {
  if (/\p{Cc}/u.test(value)) {
    throw new Error(
      `${name} would hold a control character or a line break, which an export line cannot carry.`,
    );
  }
  return `'${value.replaceAll("'", "'\\''")}'`;
}

// SIGHUP: the terminal that started it closed.
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

async function main() {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      port: { type: "string", default: "0" },
      "log-entries": { type: "string", default: String(defaultLogEntries) },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const logEntries = Number(values["log-entries"]);
  if (!Number.isInteger(logEntries)) {
    throw new Error(`--log-entries is '${values["log-entries"]}': give a whole number of requests to keep.`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port is '${values.port}': give a port number from 0 to 65535 (0 picks a free one).`);
  }
  const emu = await startEmulator({ config: values.config, port, logEntries });
  // Its folder goes even if this process dies without a word: out of memory, or a SIGKILL.
  removeWhenGone(dirname(emu.caCertPath));
  // Set before printing: whoever reads the exports may stop the emulator at once. stop() removes
  // the temporary folder; a second signal exits at once, and the folder goes on exit all the same.
  const stop = async () => {
    for (const signal of signals) process.on(signal, () => process.exit(0));
    await emu.stop();
    process.exit(0);
  };
  for (const signal of signals) process.once(signal, stop);
  const [tenant] = emu.config.tenants;
  const app = emu.config.apps[0];
  const exports = {
    AZURE_TENANT_ID: tenant.tenantId,
    AZURE_CLIENT_ID: app.appId,
    AZURE_CLIENT_SECRET: app.secrets?.[0] ?? "",
    AZURE_AUTHORITY_HOST: emu.authorityHost,
    CONNECTOR_SYNC_GRAPH_ENDPOINT: emu.graphEndpoint,
    // For the control API (/_emulator/*), as Authorization: Bearer: a script of yours, or curl.
    CONNECTOR_SYNC_EMULATOR_TOKEN: emu.controlToken,
    // Last: a script waits for this line to know the others are there.
    CONNECTOR_SYNC_CA_CERT: emu.caCertPath,
  };
  const lines = [
    `Entra ID and Microsoft Graph emulator on ${emu.url}`,
    `  token endpoint   ${emu.authorityHost}/${tenant.tenantId}/oauth2/v2.0/token`,
    `  Graph            ${emu.graphEndpoint}/beta/deviceManagement/exchangeConnectors`,
    `  request log      ${emu.url}${adminPaths.log} (Authorization: Bearer $CONNECTOR_SYNC_EMULATOR_TOKEN)`,
    `  CA certificate   ${emu.caCertPath}`,
    `  connectors       ${tenant.connectors.map((c) => c.id).join(", ")}`,
    `  VPP tokens       ${ids(tenant.vppTokens)}`,
    `  DEP settings     ${ids(tenant.depOnboardingSettings)}`,
    `  Autopilot        ${tenant.windowsAutopilotSettings ? "settings seeded" : "none"}`,
    `  Google Play      ${tenant.androidManagedStoreAccountEnterpriseSettings?.bindStatus ?? "none"}`,
    "",
    ...Object.entries(exports).map(([name, value]) => `export ${name}=${shellWord(name, value)}`),
  ];
  console.log(lines.join("\n"));
}

/** An entity set's ids as the banner lists them. */
function ids(entities: { id: string }[] | undefined): string {
  return entities?.length ? entities.map((e) => e.id).join(", ") : "none";
}

main().catch((error) => {
  console.error(`intune-graph-emulator: ${error?.message ?? error}`);
  process.exit(1);
});
