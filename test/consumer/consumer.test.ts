import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Emulator } from "../../emulator";
import { emulatorEnv, quickEmulator } from "../../support/emulator";
import { pulumiEnv, repoRoot, ShellSession } from "../../support/shell";
import { programs } from "./programs";

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
/** The peer range's lower bound, and the newest SDK, which the repository develops against. */
const sdkVersions = [
  /^\^(\d+\.\d+\.\d+)$/.exec(pkg.peerDependencies["@pulumi/pulumi"])![1],
  pkg.devDependencies["@pulumi/pulumi"] as string,
];
/** engines promises both; the toolchain puts each one's folder in these variables. */
const nodes = { 22: process.env.NODE22_DIR, 24: process.env.NODE24_DIR };

/** The routes a program's `up` may call: the token, the connector's and the VPP token's. */
const counted = ["token", "sync", "getConnector", "listVppTokens", "getVppToken", "syncVppToken"];

/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball>
 * @pulumi/pulumi@V` in a program folder outside the clone, then `pulumi up`
 * with the real CLI and language host, on Node 22 and 24.
 */
describe("a user's program, installing the packed tarball beside its own @pulumi/pulumi", () => {
  let emu: Emulator;
  let scratch: string;
  let tarball: string;
  before(async () => {
    for (const [major, dir] of Object.entries(nodes)) {
      assert.ok(
        dir,
        `NODE${major}_DIR is unset: run the tests through scripts/toolchain.sh, which installs Node ${major}`,
      );
    }
    emu = await quickEmulator();
    scratch = mkdtempSync(join(tmpdir(), "connector-sync-consumer-"));
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", scratch], {
      cwd: repoRoot,
    });
    tarball = join(scratch, packed.toString().trim().split("\n").pop()!);
  });
  after(async () => {
    await emu?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("every subpath's types resolve under moduleResolution node, node16 and bundler", () => {
    const dir = join(scratch, "resolution");
    mkdirSync(dir);
    const install = [
      tarball,
      `@pulumi/pulumi@${sdkVersions[1]}`,
      `@types/node@${pkg.devDependencies["@types/node"]}`,
    ];
    execFileSync("npm", ["init", "-y"], { cwd: dir, stdio: "pipe" });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...install], {
      cwd: dir,
      stdio: "pipe",
    });
    writeFileSync(
      join(dir, "index.ts"),
      [
        'import { VppTokenSync } from "pulumi-intune-connector-sync";',
        'import { startEmulator } from "pulumi-intune-connector-sync/emulator";',
        'import { vppTokenSyncProvider } from "pulumi-intune-connector-sync/lifecycle";',
        "export const used = [VppTokenSync, startEmulator, vppTokenSyncProvider];",
      ].join("\n"),
    );
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    for (const [moduleResolution, module] of [
      ["node", "commonjs"],
      ["node16", "node16"],
      ["bundler", "esnext"],
    ]) {
      const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module, moduleResolution };
      const config = {
        compilerOptions: { ...compilerOptions, target: "ES2022", types: ["node"] },
        files: ["index.ts"],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
      // tsc exits non-zero, with the TS2307 it met, when a subpath does not resolve.
      execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, stdio: "pipe" });
    }
  });

  for (const version of sdkVersions) {
    for (const program of programs) {
      it(`${program.kind} with @pulumi/pulumi ${version}: one SDK copy; one sync of each resource, then none, on Node 22 and 24`, async () => {
        const dir = join(scratch, `${program.kind}-${version}`);
        mkdirSync(dir);
        for (const [file, text] of Object.entries(program.files)) writeFileSync(join(dir, file), text);
        execFileSync(
          "npm",
          [
            "install",
            "--no-audit",
            "--no-fund",
            "--prefer-offline",
            tarball,
            `@pulumi/pulumi@${version}`,
            ...program.extraPackages,
          ],
          { cwd: dir, stdio: "pipe" },
        );
        const copies = execFileSync("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: dir });
        assert.deepEqual(
          copies.toString().trim().split("\n"),
          [join(dir, "node_modules/@pulumi/pulumi")],
          "exactly one @pulumi/pulumi in the program's tree",
        );

        for (const [major, nodeDir] of Object.entries(nodes)) {
          const shell = new ShellSession(dir, {
            ...pulumiEnv(join(dir, `node${major}`)),
            ...emulatorEnv(emu),
            PATH: `${nodeDir}:${process.env.PATH}`,
          });
          await shell.run(`pulumi stack init node${major}`);
          await shell.run("pulumi config set connectorId contoso-connector-1");
          await shell.run("pulumi config set --plaintext vppTokenId contoso-vpp-1");
          const runtime = await shell.run("node -p process.versions.node");
          assert.match(runtime.output, new RegExp(`^${major}\\.`), "the Node the program runs on");
          // The connector's sync; the token's read (its rule: no sync while one runs) and sync; one token.
          const created = ["getVppToken 200", "sync 204", "syncVppToken 200", "token 200"];
          for (const expected of [created, []]) {
            emu.log.clear();
            const up = await shell.run("pulumi up --yes");
            const requests = emu.log
              .entries()
              .filter((e) => counted.includes(e.route))
              .map((e) => `${e.route} ${e.status}`)
              .sort();
            assert.deepEqual(requests, expected, `pulumi up on Node ${major}:\n${up.output}`);
          }
        }
      });
    }
  }
});
