import { ConnectorSync } from "../../provider";
import type { fixtures } from "../../support/emulator";

/**
 * The program whose state, written by release 0.1.0 (after issue 18), is kept as a fixture
 * (test/fixtures/release-0.1.0.json): every kind of input and record a released state may hold.
 */
export const releaseProgram =
  (f: ReturnType<typeof fixtures>, policyVersion = 3, staleAfterDays = 3650) =>
  async () => {
    new ConnectorSync("plain", { connectorId: f.connectorsA[0] });
    new ConnectorSync("waited", {
      connectorId: f.connectorsA[1],
      syncType: "fullSync",
      triggers: { policyVersion, owners: ["platform"] },
      waitForCompletion: { timeoutSeconds: 60, pollIntervalSeconds: 1 },
      staleAfterDays,
    });
    new ConnectorSync("retired", {
      connectorId: "retired-connector",
      tenantId: f.tenantB,
      ignoreNotFound: true,
      onFailure: "warn",
      apiVersion: "beta",
    });
  };
