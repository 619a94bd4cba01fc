import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

describe("a sync's info line with no engine (the provider driven directly)", () => {
  it("goes to stderr, never stdout, which a caller may read for output of its own", () => {
    const warnings = join(__dirname, "../../provider/warnings.js");
    const script = `require(${JSON.stringify(warnings)}).engineInfo("VppTokenSync: sent, and accepted by Graph")`;
    const result = execFileSync(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(result.toString(), "");
    const both = execFileSync(process.execPath, ["-e", `${script}.then(() => console.log("done"))`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.equal(both.toString(), "done\n", "stdout holds the caller's output alone");
  });
});
