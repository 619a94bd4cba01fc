import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { actions } from "../../provider/actions";
import type { Action } from "../../provider/core/action";
import type { ChangeEffect, InputSpec, Presence } from "../../provider/core/declare";
import { errorCodes } from "../../provider/errors";
import type { SettingSpec } from "../../provider/setting";
import { configKey, settingNames, settings } from "../../provider/settings";

// The README's tables, rendered from the declarations. When a declaration
// changes, the failure shows the table to paste into README.md.

/** A Markdown table with padded columns, as the README is formatted. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const code = (value: unknown) => `\`${JSON.stringify(value)}\``;
const effects: Record<ChangeEffect, string> = {
  replace: "replaces the resource",
  sync: "updates it with one sync",
  setting: "updates it, no Graph call",
};

function inputRow(action: Action, name: string): string[] {
  const {
    values,
    presence,
    docs = {},
    onChange,
    ...spec
  } = action.inputs[name] as InputSpec<unknown> & {
    presence: Presence;
  };
  const type = docs.type ?? values?.map(code).join(" \\| ") ?? "";
  const fallback = [docs.fallback, spec.defaultValue === undefined ? undefined : code(spec.defaultValue)];
  let byDefault = [fallback.filter(Boolean).join(", else "), docs.defaultNote].filter(Boolean).join(" ");
  if (!byDefault && presence === "optional") byDefault = "none";
  return [`\`${name}\``, type, byDefault, `${effects[onChange]}${docs.changeNote ?? ""}`];
}

/** The first table after a heading of a page of the docs. */
function tableAfter(page: string, heading: string): string {
  const readme = readFileSync(page, "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${page} has no heading '${heading}'`);
  const lines = readme.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith("|"));
  return lines.slice(first, end).join("\n");
}

const same = (page: string, heading: string, rendered: string) =>
  assert.equal(tableAfter(page, heading), rendered, `${page} under '${heading}' should hold:\n${rendered}\n`);
/** A resource's page: docs/resources/ and its class name in kebab case (ConnectorSync: connector-sync.md). */
const pageOf = (action: Action) =>
  `docs/resources/${action.name.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase()}.md`;

describe("the docs", () => {
  for (const action of actions) {
    it(`list ${action.name}'s inputs and outputs as its declaration has them`, () => {
      const page = pageOf(action);
      const inputRows = Object.keys(action.inputs).map((name) => inputRow(action, name));
      same(page, "## Inputs", table(["input", "type", "default", "a change…"], inputRows));
      const rows = Object.entries(action.outputs).map(([name, { meaning }]) => [`\`${name}\``, meaning]);
      same(page, "## Outputs", table(["output", "meaning"], rows));
    });
  }

  it("list every resource's permissions, versions and throttling group as the declarations have them", () => {
    const link = (action: Action) => `[${action.name}](${pageOf(action).replace("docs/", "docs/")})`;
    const rows = actions.map((action) => [
      link(action),
      action.permissions.map((p) => `\`${p}\``).join(", "),
      action.endpoint.versions.join(", "),
      action.throttling,
    ]);
    const header = ["resource", "application permissions, least privileged first", "versions", "throttling"];
    same("README.md", "## Permissions", table(header, rows));
  });

  it("lists the settings as provider/settings.ts declares them", () => {
    const rows = settingNames.map((name) => {
      const { env, secret, meaning, allowed, defaultValue, defaultNote }: SettingSpec<unknown> =
        settings[name];
      const key = `\`${configKey(name)}\`${secret ? " (secret)" : ""}`;
      const byDefault = defaultNote ?? (defaultValue === undefined ? "" : String(defaultValue));
      return [key, env ? `\`${env}\`` : "", meaning, allowed, byDefault];
    });
    same(
      "docs/settings.md",
      "## Provider settings",
      table(["stack config", "environment variable", "meaning", "allowed", "default"], rows),
    );
  });

  it("lists the error codes as provider/errors.ts declares them", () => {
    const rows = Object.entries(errorCodes).map(([name, meaning]) => [`\`${name}\``, meaning]);
    same("docs/errors.md", "## Errors and what to do", table(["code", "meaning"], rows));
  });

  it("its GitLab recipe leaves the ID token readable by the job's user alone, outside the project", () => {
    const scratch = mkdtempSync(join(tmpdir(), "readme-gitlab-"));
    const project = join(scratch, "project");
    const temp = join(scratch, "tmp");
    mkdirSync(project);
    mkdirSync(temp);
    const readme = readFileSync("docs/settings.md", "utf8");
    const bullet = readme.slice(readme.indexOf("- **GitLab, no secret**"));
    const recipe = /```sh\n([\s\S]*?)```/.exec(bullet.slice(0, bullet.indexOf("\n- **")));
    assert.ok(recipe, "the GitLab bullet has an sh block that writes the token file");
    // The recipe's lines as a job runs them: in the project folder, under a umask that shares files.
    const script = ["umask 022", recipe[1]];
    script.push('printf "%s\\n" "$AZURE_FEDERATED_TOKEN_FILE" "$(stat -c %a "$AZURE_FEDERATED_TOKEN_FILE")"');
    const [file, mode] = execFileSync("bash", ["-euc", script.join("\n")], {
      cwd: project,
      env: { PATH: process.env.PATH, TMPDIR: temp, CI_PROJECT_DIR: project, AZURE_ID_TOKEN: "eyJ.a.b" },
      encoding: "utf8",
    })
      .trim()
      .split("\n");
    assert.equal(mode, "600");
    assert.ok(file.startsWith(`${temp}/`), `${file} is under TMPDIR`);
    assert.equal(readFileSync(file, "utf8"), "eyJ.a.b");
    assert.deepEqual(readdirSync(project), [], "nothing written into the project folder");
  });
});
