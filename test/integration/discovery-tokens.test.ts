import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ConnectorSyncError,
  getDepOnboardingSettings,
  getDepOnboardingSettingsOutput,
  getVppTokens,
  getVppTokensOutput,
} from "../../provider";
import { emulatorEnv } from "../../support/emulator";
import { app } from "../conformance/cases";
import { integrationSuite } from "./fixture";

// The tokens' listings are the connectors' listing with another entity set: every page, the same
// checks, one token per tenant; and never a token's secret.
describe("getVppTokens and getDepOnboardingSettings against the emulator", () => {
  const suite = integrationSuite({ pageSize: 1 });
  const admin = () => emulatorEnv(suite.emu, app(suite.emu, "intune-admin"));

  it("list every page of the tenant's VPP tokens, with their own fields and without the secret", async () => {
    const tokens = await suite.run(() => getVppTokens(), admin());
    assert.deepEqual(
      tokens.map((t) => [t.id, t.state]),
      [
        ["contoso-vpp-1", "valid"],
        ["contoso-vpp-2", "expired"],
      ],
    );
    assert.equal(tokens[1].expirationDateTime, "2025-12-01T00:00:00Z");
    assert.ok(!JSON.stringify(tokens).includes("SECRET"), "the token's secret is never asked for");
    assert.ok(!("token" in tokens[0]));
    assert.equal(suite.emu.log.count({ route: "listVppTokens" }), 2, "one page each");
  });

  it("list the DEP onboarding settings of another tenant, numbers as numbers, in both forms", async () => {
    const fabrikam = suite.emu.config.tenants[1].tenantId;
    const [plain, output] = await suite.run(
      async () => [
        await getDepOnboardingSettings({ tenantId: fabrikam }),
        await new Promise<unknown>((resolve) =>
          getDepOnboardingSettingsOutput({ tenantId: fabrikam }).apply(resolve),
        ),
      ],
      admin(),
    );
    assert.deepEqual(
      plain.map((s) => [s.id, s.lastSyncErrorCode]),
      [
        ["fabrikam-dep-1", 0],
        ["fabrikam-dep-2", 0],
      ],
    );
    assert.deepEqual(output, plain);
    assert.equal(suite.emu.log.count({ route: "token" }), 1, "one token per tenant for both listings");
    const vpp = await suite.run(
      () => new Promise<unknown>((resolve) => getVppTokensOutput({ tenantId: fabrikam }).apply(resolve)),
      admin(),
    );
    assert.deepEqual(
      (vpp as { id: string }[]).map((t) => t.id),
      ["fabrikam-vpp-1"],
    );
  });

  it("refuse v1.0 for DEP, which Graph has in beta alone, before any call", async () => {
    const error = await suite
      .run(() => getDepOnboardingSettings({ apiVersion: "v1.0" as never }), admin())
      .then(
        () => assert.fail("refused"),
        (e: unknown) => e,
      );
    assert.ok(error instanceof ConnectorSyncError);
    assert.equal(error.code, "InvalidArgument");
    assert.match(error.message, /^getDepOnboardingSettings: apiVersion is "v1.0": it must be 'beta'/);
    assert.equal(suite.emu.log.count(), 0);
  });
});
