// The types a program names, from the package root: this file compiles only while they are exported
// with these shapes (npm test builds it with tsc first).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  ApiVersion,
  DepOnboardingSync,
  OnFailure,
  SyncFailure,
  Triggers,
  VppTokenSyncArgs,
  WaitForCompletion,
} from "../../provider";
import * as root from "../../provider";

describe("the package root", () => {
  it("exports the types a program names, and every resource class", () => {
    const wait: WaitForCompletion = { timeoutSeconds: 60, pollIntervalSeconds: 5 };
    const policy: OnFailure = "warn";
    const triggers: Triggers = { release: 3 };
    const version: ApiVersion = "v1.0";
    const failure: SyncFailure = { code: "SyncFailed", reported: 'lastSyncStatus "failed"' };
    const args: VppTokenSyncArgs = { vppTokenId: "t1", waitForCompletion: wait, onFailure: policy, triggers };
    type Expiry = DepOnboardingSync["expiresAt"];
    const expiry: Expiry | undefined = undefined;
    assert.deepEqual(
      [args.vppTokenId, version, failure.code, expiry],
      ["t1", "v1.0", "SyncFailed", undefined],
    );
    const classes = [
      "ConnectorSync",
      "VppTokenSync",
      "WindowsAutopilotSync",
      "DepOnboardingSync",
      "ManagedGooglePlaySync",
    ];
    for (const name of classes)
      assert.equal(typeof (root as Record<string, unknown>)[name], "function", name);
  });
});
