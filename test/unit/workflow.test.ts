import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

// The GitHub Actions example hands a job the id of the app it authenticates as. A pull request runs
// the workflow as its branch has it, so it must never get the id of the app that can write to Intune.
const workflow = readFileSync("examples/github-actions/pulumi.yml", "utf8");
const expression = /AZURE_CLIENT_ID: \$\{\{ (.+) \}\}/.exec(workflow)?.[1];

/**
 * The expression evaluated as GitHub does for these operators (`==`, `!=`, `&&`, `||`, quoted
 * strings, an empty string falsy), which JavaScript's `===`, `!==`, `&&` and `||` share.
 */
function clientIdFor(event: string, vars: Record<string, string>): string {
  assert.ok(expression && /^[\w.' =!&|-]+$/.test(expression), `a plain expression: ${expression}`);
  const js = expression
    .replace(/github\.event_name/g, JSON.stringify(event))
    .replace(/vars\.(\w+)/g, (_, name: string) => JSON.stringify(vars[name] ?? ""))
    .replace(/==/g, "===")
    .replace(/!===/g, "!==");
  return new Function(`return (${js});`)();
}

describe("the GitHub Actions example", () => {
  const writer = "11111111-1111-1111-1111-111111111111";
  const reader = "22222222-2222-2222-2222-222222222222";

  it("gives a push the app that syncs", () => {
    assert.equal(clientIdFor("push", { AZURE_CLIENT_ID: writer, AZURE_PREVIEW_CLIENT_ID: reader }), writer);
  });

  it("gives a pull request the read-only app, or none, and never the writer", () => {
    assert.equal(
      clientIdFor("pull_request", { AZURE_CLIENT_ID: writer, AZURE_PREVIEW_CLIENT_ID: reader }),
      reader,
    );
    assert.equal(clientIdFor("pull_request", { AZURE_CLIENT_ID: writer }), "");
  });
});
