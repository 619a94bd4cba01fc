// Two programs as users write them: TypeScript compiled to CommonJS (what
// `pulumi new typescript` makes), and plain JavaScript as an ES module.

/** The same program for both: TypeScript's import syntax is an ES module's. */
const program = [
  'import * as pulumi from "@pulumi/pulumi";',
  'import { ConnectorSync } from "pulumi-intune-connector-sync";',
  "",
  'const sync = new ConnectorSync("connector", { connectorId: new pulumi.Config().require("connectorId") });',
  "export const syncCount = sync.syncCount;",
  "",
].join("\n");

const pulumiYaml = (name: string) => `name: ${name}\nruntime: nodejs\n`;

export interface ConsumerProgram {
  kind: string;
  files: Record<string, string>;
  /** Installed beside the package and the SDK, as the program's template has them. */
  extraPackages: string[];
}

export const programs: ConsumerProgram[] = [
  {
    kind: "TypeScript (CommonJS)",
    extraPackages: ["typescript@5", "@types/node@22"],
    files: {
      "package.json": JSON.stringify({ name: "consumer-ts", private: true, main: "index.ts" }, null, 2),
      "Pulumi.yaml": pulumiYaml("consumer-ts"),
      "tsconfig.json": JSON.stringify(
        {
          compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node" },
          files: ["index.ts"],
        },
        null,
        2,
      ),
      "index.ts": program,
    },
  },
  {
    kind: "JavaScript (ES module)",
    extraPackages: [],
    files: {
      "package.json": JSON.stringify(
        { name: "consumer-esm", private: true, type: "module", main: "index.js" },
        null,
        2,
      ),
      "Pulumi.yaml": pulumiYaml("consumer-esm"),
      "index.js": program,
    },
  },
];
