// `npm run demo`: the project's own program (the top-level Pulumi.yaml) under
// the real Pulumi CLI, against the local Graph and Entra ID emulator, on a
// throwaway file backend. Three `pulumi up`s show the whole idea: a sync on
// create, exactly one more when a trigger changes, none when nothing changed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { defaultConfig } from "../emulator/config";

const root = resolve(__dirname, "../..");
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

async function main() {
  const emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 1500 } });
  const tenant = emu.config.tenants[0];
  const app = emu.config.apps[0];
  const connectorId = tenant.connectors[0].id;
  const scratch = mkdtempSync(join(tmpdir(), "connector-sync-demo-"));
  const program = require(join(root, "dist/examples/basic/index.js"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: "intune-connector-sync", program },
    {
      workDir: root,
      pulumiHome: join(scratch, "home"),
      envVars: {
        PULUMI_BACKEND_URL: `file://${scratch}`,
        PULUMI_CONFIG_PASSPHRASE: "demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        AZURE_AUTHORITY_HOST: emu.authorityHost,
        CONNECTOR_SYNC_GRAPH_ENDPOINT: emu.graphEndpoint,
        CONNECTOR_SYNC_CA_CERT: emu.caCertPath,
      },
    },
  );
  try {
    await stack.setAllConfig({
      "intune-connector-sync:connectorId": { value: connectorId },
      "intune-connector-sync:policyVersion": { value: "1" },
      "connectorSync:tenantId": { value: tenant.tenantId },
      "connectorSync:clientId": { value: app.appId },
      "connectorSync:clientSecret": { value: app.secrets![0], secret: true },
    });
    console.log(`Emulator: ${emu.url} (tenant ${tenant.tenantId}, connector ${connectorId})`);

    await step(stack, emu, "1/3 First `pulumi up`: the resource is created and the connector synced once");
    await stack.setConfig("intune-connector-sync:policyVersion", { value: "2" });
    await step(stack, emu, "2/3 policyVersion 1 -> 2: a changed trigger, exactly one more sync");
    await step(stack, emu, "3/3 Nothing changed: `pulumi up` calls nothing");
  } finally {
    await stack.destroy({ color: "never" }).catch(() => undefined);
    await stack.workspace.removeStack("demo", { force: true }).catch(() => undefined);
    await emu.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${bold("Done.")} The demo stack, its state and the emulator are gone.`);
}

async function step(
  stack: Awaited<ReturnType<typeof LocalWorkspace.createOrSelectStack>>,
  emu: any,
  title: string,
) {
  console.log(`\n${bold(`== ${title}`)}\n`);
  emu.log.clear();
  await stack.up({ onOutput: (text: string) => process.stdout.write(text), color: "auto" });
  const requests = emu.log
    .entries()
    .filter((e: any) => e.route !== "openid-configuration" && e.route !== "keys");
  console.log(bold("\nWhat the emulator saw:"));
  if (requests.length === 0) console.log("  no request: no token, no Graph call");
  for (const e of requests) {
    const body = e.route === "sync" ? ` ${JSON.stringify(e.body)}` : "";
    console.log(`  ${e.method} ${e.path} -> ${e.status}${body}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
