import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { actionRouteNames } from "../../emulator/actions/names";
import { emulatorEnv, quickEmulator } from "../../support/emulator";
import { copyPrograms, pulumiEnv, readmeCommands, repoRoot, ShellSession } from "../../support/shell";

/** What one command sent to the emulator, as sorted "route status" strings, Graph and token requests only. */
function traffic(emu: Emulator): string[] {
  const names: Record<string, string> = {
    token: "token",
    sync: "sync",
    getConnector: "get",
    listConnectors: "list",
    // The other actions' routes, by their own names: listVppTokens, getVppToken, syncVppToken, …
    ...Object.fromEntries(actionRouteNames.map((name) => [name, name])),
  };
  return emu.log
    .entries()
    .filter((e) => names[e.route])
    .map((e) => `${names[e.route]} ${e.status}`)
    .sort();
}

/**
 * Every Pulumi.yaml of the repository, run with the real CLI and language host,
 * command by command exactly as its README tells a user, against the emulator.
 * Each command's expected requests stand beside it.
 */
describe("the repository's Pulumi.yaml programs, as their READMEs say to run them", () => {
  let emu: Emulator;
  let scratch: string;
  before(async () => {
    emu = await quickEmulator();
    scratch = mkdtempSync(join(tmpdir(), "connector-sync-programs-"));
  });
  after(async () => {
    await emu?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function runReadme(
    name: string,
    commands: string[],
    expected: [string, string[]][],
    app?: { clientId: string; secret: string },
  ) {
    assert.deepEqual(
      commands,
      expected.map(([command]) => command),
      "the README's commands",
    );
    const dir = mkdtempSync(join(scratch, `${name}-`));
    const shell = new ShellSession(copyPrograms(dir), { ...pulumiEnv(dir), ...emulatorEnv(emu, app) });
    for (const [command, requests] of expected) {
      emu.log.clear();
      await shell.run(command);
      assert.deepEqual(traffic(emu), requests, `what \`${command}\` sent`);
    }
  }

  const up = "pulumi up --yes";
  // A wait reads the connector before the sync, to tell its completion from an earlier one's.
  const syncAndWait = ["get 200", "get 200", "sync 204", "token 200"];

  it("the top-level Pulumi.yaml (README: The project's own program)", async () => {
    await runReadme("root", readmeCommands(join(repoRoot, "README.md"), "The project's own program"), [
      ["pulumi stack init dev", []],
      ["pulumi config set connectorId contoso-connector-1", []],
      [up, syncAndWait],
      ["pulumi config set policyVersion 2", []],
      [up, syncAndWait],
      [up, []],
      ["pulumi refresh --yes --skip-preview", ["get 200", "token 200"]],
      ["pulumi destroy --yes", []],
      ["pulumi stack rm --yes dev", []],
    ]);
  });

  it("the top-level Pulumi.yaml replaced on demand (README: A sync on demand)", async () => {
    const urn =
      "urn:pulumi:dev::intune-connector-sync::pulumi-nodejs:dynamic/intune:ConnectorSync::exchange-connector";
    await runReadme(
      "replace",
      readmeCommands(join(repoRoot, "docs/resources/connector-sync.md"), "A sync on demand"),
      [
        ["pulumi stack init dev", []],
        ["pulumi config set connectorId contoso-connector-1", []],
        [up, syncAndWait],
        ["pulumi stack --show-urns", []],
        [`pulumi up --yes --replace '${urn}'`, syncAndWait],
        [up, []],
        ["pulumi destroy --yes", []],
        ["pulumi stack rm --yes dev", []],
      ],
    );
  });

  it("the top-level Pulumi.yaml moved to another stack (README: Importing: not supported)", async () => {
    const urn =
      "urn:pulumi:staging::intune-connector-sync::pulumi-nodejs:dynamic/intune:ConnectorSync::exchange-connector";
    await runReadme(
      "move",
      readmeCommands(join(repoRoot, "docs/resources/connector-sync.md"), "Importing: not supported"),
      [
        ["pulumi stack init staging", []],
        ["pulumi config set connectorId contoso-connector-1", []],
        [up, syncAndWait],
        ["pulumi stack init production", []],
        ["pulumi config set connectorId contoso-connector-1", []],
        [`pulumi state move --yes --source staging --dest production '${urn}'`, []],
        [up, []],
        ["pulumi destroy --yes", []],
        ["pulumi stack rm --yes production", []],
        ["pulumi destroy --yes --stack staging", []],
        ["pulumi stack rm --yes staging", []],
      ],
    );
  });

  it("examples/basic (its README)", async () => {
    await runReadme("basic", readmeCommands(join(repoRoot, "examples/basic/README.md")), [
      ["cd examples/basic", []],
      ["pulumi stack init dev", []],
      ["pulumi config set connectorId contoso-connector-1", []],
      [up, syncAndWait],
      [up, []],
      ["pulumi config set policyVersion 2", []],
      [up, syncAndWait],
      ["pulumi refresh --yes --skip-preview", ["get 200", "token 200"]],
      ["pulumi destroy --yes", []],
      ["pulumi stack rm --yes dev", []],
    ]);
  });

  it("examples/multi-tenant (its README): a tenant without the connector is no error", async () => {
    const [contoso, fabrikam] = emu.config.tenants.map((t) => t.tenantId);
    const both = (route: string, found: number, missing: number) => [
      `${route} ${found}`,
      `${route} ${missing}`,
    ];
    const twoTokens = ["token 200", "token 200"];
    // Graph's 404 is confirmed by the tenant's list before the connector counts as gone.
    const confirmed = (route: string, found: number) =>
      [...both(route, found, 404), "list 200", ...twoTokens].sort();
    await runReadme("multi-tenant", readmeCommands(join(repoRoot, "examples/multi-tenant/README.md")), [
      ["cd examples/multi-tenant", []],
      ["pulumi stack init dev", []],
      [`pulumi config set --path 'tenants[0].tenantId' ${contoso}`, []],
      ["pulumi config set --path 'tenants[0].connectorId' contoso-connector-2", []],
      [`pulumi config set --path 'tenants[1].tenantId' ${fabrikam}`, []],
      ["pulumi config set --path 'tenants[1].connectorId' retired-connector", []],
      [up, confirmed("sync", 204)],
      [up, []],
      ["pulumi config set resyncGeneration 2", []],
      [up, confirmed("sync", 204)],
      ["pulumi refresh --yes --skip-preview", confirmed("get", 200)],
      ["pulumi destroy --yes", []],
      ["pulumi stack rm --yes dev", []],
    ]);
  });

  /** The emulator's app holding DeviceManagementApps.ReadWrite.All and DeviceManagementConfiguration.ReadWrite.All. */
  const intuneAdmin = () => {
    const app = emu.config.apps.find((a) => a.displayName === "intune-admin")!;
    return { clientId: app.appId, secret: app.secrets![0] };
  };
  // Each of these actions reads its entity before the sync (a rule, or a refusal, needs it): without
  // a wait, a sync is one read and one request, with the provider's one token.
  const readAndSync = (get: string, sync: string) => [`${get} 200`, sync, "token 200"].sort();
  const readOnce = (get: string) => [`${get} 200`, "token 200"];

  it("examples/vpp-token (its README): a read of the token before each sync", async () => {
    const synced = readAndSync("getVppToken", "syncVppToken 200");
    await runReadme(
      "vpp-token",
      readmeCommands(join(repoRoot, "examples/vpp-token/README.md")),
      [
        ["cd examples/vpp-token", []],
        ["pulumi stack init dev", []],
        ["pulumi config set --plaintext vppTokenId contoso-vpp-1", []],
        [up, synced],
        [up, []],
        ["pulumi config set appsVersion 2", []],
        [up, synced],
        ["pulumi refresh --yes --skip-preview", readOnce("getVppToken")],
        ["pulumi destroy --yes", []],
        ["pulumi stack rm --yes dev", []],
      ],
      intuneAdmin(),
    );
  });

  // Its 10 minutes between syncs are real minutes here: the README changes no trigger, so one sync.
  it("examples/windows-autopilot (its README): a read of the settings before the sync", async () => {
    await runReadme(
      "windows-autopilot",
      readmeCommands(join(repoRoot, "examples/windows-autopilot/README.md")),
      [
        ["cd examples/windows-autopilot", []],
        ["pulumi stack init dev", []],
        [up, readAndSync("getWindowsAutopilotSettings", "syncWindowsAutopilotSettings 204")],
        [up, []],
        ["pulumi refresh --yes --skip-preview", readOnce("getWindowsAutopilotSettings")],
        ["pulumi destroy --yes", []],
        ["pulumi stack rm --yes dev", []],
      ],
    );
  });

  // Its 15 minutes between syncs, the same.
  it("examples/dep-onboarding (its README): a read of the setting before the sync", async () => {
    await runReadme("dep-onboarding", readmeCommands(join(repoRoot, "examples/dep-onboarding/README.md")), [
      ["cd examples/dep-onboarding", []],
      ["pulumi stack init dev", []],
      ["pulumi config set depOnboardingSettingId contoso-dep-1", []],
      [up, readAndSync("getDepOnboardingSetting", "syncDepOnboardingSetting 204")],
      [up, []],
      ["pulumi refresh --yes --skip-preview", readOnce("getDepOnboardingSetting")],
      ["pulumi destroy --yes", []],
      ["pulumi stack rm --yes dev", []],
    ]);
  });

  it("examples/managed-google-play (its README): a read of the settings (bound?) before each sync", async () => {
    const synced = readAndSync("getManagedGooglePlay", "syncManagedGooglePlay 204");
    await runReadme(
      "managed-google-play",
      readmeCommands(join(repoRoot, "examples/managed-google-play/README.md")),
      [
        ["cd examples/managed-google-play", []],
        ["pulumi stack init dev", []],
        [up, synced],
        [up, []],
        ["pulumi config set approvedAppsVersion 2", []],
        [up, synced],
        ["pulumi refresh --yes --skip-preview", readOnce("getManagedGooglePlay")],
        ["pulumi destroy --yes", []],
        ["pulumi stack rm --yes dev", []],
      ],
      intuneAdmin(),
    );
  });

  it("examples/all-connectors (its README): the program lists each tenant's connectors when it runs", async () => {
    const [contoso, fabrikam] = emu.config.tenants.map((t) => t.tenantId);
    const all = emu.config.tenants.flatMap((t) => t.connectors).length;
    const times = (n: number, request: string) => Array<string>(n).fill(request);
    // The preview and the update each run the program in a process of its own: a token and a listing
    // per tenant each. The provider's process asks for its own token per tenant.
    const listings = [...times(4, "list 200"), ...times(4, "token 200")];
    const syncAll = [...times(2 * all, "get 200"), ...times(all, "sync 204"), ...times(2, "token 200")];
    await runReadme("all-connectors", readmeCommands(join(repoRoot, "examples/all-connectors/README.md")), [
      ["cd examples/all-connectors", []],
      ["pulumi stack init dev", []],
      [`pulumi config set --path 'tenants[0]' ${contoso}`, []],
      [`pulumi config set --path 'tenants[1]' ${fabrikam}`, []],
      [up, [...listings, ...syncAll].sort()],
      [up, listings.sort()],
      ["pulumi config set resyncGeneration 2", []],
      [up, [...listings, ...syncAll].sort()],
      ["pulumi destroy --yes", []],
      ["pulumi stack rm --yes dev", []],
    ]);
  });
});
