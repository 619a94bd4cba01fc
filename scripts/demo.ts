// `npm run demo`: the project's own program (the top-level Pulumi.yaml) run
// with the commands a user types, those of the README's "The project's own
// program", by the real Pulumi CLI against the local Graph and Entra ID
// emulator, on a throwaway local backend. After each command it shows what
// the emulator saw: a sync on create, exactly one more when a trigger changes,
// none when nothing changed, reads only on refresh, nothing on destroy.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "../emulator";
import { defaultConfig } from "../emulator/config";
import { emulatorEnv } from "../support/emulator";
import { copyPrograms, pulumiEnv, readmeCommands, repoRoot, ShellSession } from "../support/shell";

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

async function main() {
  // Syncs complete 1.5 s after they are accepted, so the wait's progress lines show.
  const emu = await startEmulator({ config: { ...defaultConfig(), syncCompletionMs: 1500 } });
  const scratch = mkdtempSync(join(tmpdir(), "connector-sync-demo-"));
  try {
    const env = emulatorEnv(emu);
    console.log(`Emulator: ${emu.url} (tenant ${env.AZURE_TENANT_ID}, app ${env.AZURE_CLIENT_ID})`);
    console.log(
      "Its export lines set AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST,",
    );
    console.log("CONNECTOR_SYNC_GRAPH_ENDPOINT and CONNECTOR_SYNC_CA_CERT; the backend is a local folder.");
    const shell = new ShellSession(copyPrograms(scratch), { ...pulumiEnv(scratch), ...env });
    for (const command of readmeCommands(join(repoRoot, "README.md"), "The project's own program")) {
      console.log(`\n${bold(`$ ${command}`)}`);
      emu.log.clear();
      await shell.run(command, (text) => process.stdout.write(text));
      if (command.startsWith("pulumi up") || /^pulumi (refresh|destroy)/.test(command)) seen(emu);
    }
  } finally {
    await emu.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${bold("Done.")} The demo's stack, its state and the emulator are gone.`);
}

function seen(emu: Emulator) {
  // Entra ID's discovery documents are left out: only tokens and Graph calls count.
  const requests = emu.log.entries().filter((e) => e.route !== "openid-configuration" && e.route !== "keys");
  console.log(bold("What the emulator saw:"));
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
