import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect, createServer } from "node:tls";
import forge from "node-forge";
import { type Emulator, startEmulator } from "../../emulator";
import { makeLocalCa } from "../../emulator/tls";
import { fixtures } from "../../support/emulator";
import { call, tokenFor } from "../support/https";

/** Whether a client trusting `ca` accepts a server with this certificate for `servername`. */
async function accepted(ca: string, server: { key: string; cert: string }, servername: string) {
  const listener = createServer(server, (socket) => socket.end());
  await new Promise<void>((done) => listener.listen(0, "127.0.0.1", done));
  const port = (listener.address() as { port: number }).port;
  try {
    return await new Promise<string>((done) => {
      const socket = connect({ host: "127.0.0.1", port, servername, ca }, () => {
        socket.destroy();
        done("accepted");
      });
      socket.on("error", (error) => done(error.message));
    });
  } finally {
    listener.close();
  }
}

describe("the emulator keeps secrets: the log, its CA, its temporary folder", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;

  before(async () => {
    emu = await startEmulator();
    f = fixtures(emu);
  });
  after(() => emu?.stop());

  it("the log redacts credential-like fields at any depth and credential headers", async () => {
    emu.log.clear();
    const token = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    const body = {
      syncType: "fullSync",
      settings: {
        password: "p-123",
        nested: [{ client_secret: "s-456" }, { refresh_token: "r-789", kept: 1 }],
      },
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      assertion: "a-000",
      dbPassword: "d-111",
    };
    await call(emu, "POST", `/beta/deviceManagement/exchangeConnectors/${f.connectorsA[0]}/sync`, {
      token,
      json: body,
      headers: { "x-api-key": "k-222", cookie: "session=c-333", "Ocp-Apim-Subscription-Key": "o-444" },
    });
    const [entry] = emu.log.entries({ route: "sync" });
    assert.deepEqual(entry.body, {
      syncType: "fullSync",
      settings: {
        password: "[redacted]",
        nested: [{ client_secret: "[redacted]" }, { refresh_token: "[redacted]", kept: 1 }],
      },
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      assertion: "[redacted]",
      dbPassword: "[redacted]",
    });
    for (const header of ["authorization", "x-api-key", "cookie", "ocp-apim-subscription-key"]) {
      assert.equal(entry.headers[header], "[redacted]", header);
    }
    const text = JSON.stringify(emu.log.entries());
    for (const secret of [
      "p-123",
      "s-456",
      "r-789",
      "a-000",
      "d-111",
      "k-222",
      "c-333",
      "o-444",
      token,
      f.writer.secret,
    ]) {
      assert.ok(!text.includes(secret), secret);
    }
  });

  it("its CA is name-constrained, critically, to localhost, 127.0.0.0/8 and ::1", () => {
    const ca = forge.pki.certificateFromPem(readFileSync(emu.caCertPath, "utf8"));
    const extension = ca.extensions.find((e: { id: string }) => e.id === "2.5.29.30");
    assert.equal(extension.critical, true);
    const [permitted] = forge.asn1.fromDer(extension.value).value as forge.asn1.Asn1[];
    assert.equal(permitted.type, 0, "permittedSubtrees, and no excluded ones");
    const bases = (permitted.value as forge.asn1.Asn1[]).map((subtree) => {
      const [base] = subtree.value as forge.asn1.Asn1[];
      return [base.type, forge.util.bytesToHex(base.value as string)];
    });
    assert.deepEqual(bases, [
      [2, Buffer.from("localhost").toString("hex")],
      [7, "7f000000ff000000"],
      [7, `${"0".repeat(31)}1${"f".repeat(32)}`],
    ]);
  });

  it("so a CA like it cannot vouch for graph.microsoft.com, even with its key in hand", async () => {
    const ca = makeLocalCa();
    assert.equal(
      await accepted(ca.certificate, ca.issue(["localhost"], ["127.0.0.1"]), "localhost"),
      "accepted",
    );
    assert.equal(
      await accepted(ca.certificate, ca.issue(["graph.microsoft.com"], []), "graph.microsoft.com"),
      "permitted subtree violation",
    );
  });

  it("writeTokenFile leaves the token readable by its owner alone, over a world-readable file too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-token-"));
    const fresh = await emu.oidc.writeTokenFile(join(dir, "fresh"), {
      subject: "repo:a/b:ref:refs/heads/main",
    });
    const existing = join(dir, "existing");
    writeFileSync(existing, "an older token", { mode: 0o644 });
    assert.equal(statSync(existing).mode & 0o777, 0o644, "the file starts world-readable");
    await emu.oidc.writeTokenFile(existing, { subject: "repo:a/b:ref:refs/heads/main" });
    for (const path of [fresh, existing]) {
      assert.equal((statSync(path).mode & 0o777).toString(8), "600", path);
      assert.match(
        readFileSync(path, "utf8"),
        /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/,
        "the whole token, nothing older",
      );
    }
    assert.deepEqual(readdirSync(dir).sort(), ["existing", "fresh"], "no temporary file left beside them");
  });

  it("its temporary folder holds the CA certificate and no private key; stop removes it", async () => {
    const other = await startEmulator();
    const dir = dirname(other.caCertPath);
    assert.deepEqual(readdirSync(dir), ["ca.crt"]);
    assert.doesNotMatch(readFileSync(other.caCertPath, "utf8"), /PRIVATE KEY/);
    await other.stop();
    assert.equal(existsSync(dir), false);
  });
});
