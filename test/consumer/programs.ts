// Two programs as users write them: TypeScript compiled to CommonJS (what
// `pulumi new typescript` makes), and plain JavaScript as an ES module.

/**
 * The same program for both: TypeScript's import syntax is an ES module's. Two resources of two
 * actions, each with its own dynamic provider, in one program: a connector and a VPP token (not an
 * Autopilot or DEP sync, whose 10 and 15 minutes between syncs would hold back every stack's create
 * after the first, as all the tests' stacks sync the same tenant).
 */
const program = [
  'import * as pulumi from "@pulumi/pulumi";',
  'import { ConnectorSync, VppTokenSync } from "pulumi-intune-connector-sync";',
  "",
  "const config = new pulumi.Config();",
  'const sync = new ConnectorSync("connector", { connectorId: config.require("connectorId") });',
  'const vpp = new VppTokenSync("vpp-token", { vppTokenId: config.require("vppTokenId") });',
  "export const syncCount = sync.syncCount;",
  "export const vppSyncCount = vpp.syncCount;",
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
