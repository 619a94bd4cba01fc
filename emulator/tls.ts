import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerTls {
  caCertPath: string;
  key: string;
  cert: string;
}

/** openssl with a command line (no spaces inside arguments) and a subject, in `dir`. */
function openssl(dir: string, line: string, subject?: string) {
  try {
    return execFileSync("openssl", [...line.split(" "), ...(subject ? ["-subj", subject] : [])], {
      cwd: dir,
      stdio: "pipe",
    });
  } catch (error: any) {
    if (error?.code !== "ENOENT") throw error;
    throw new Error(
      "The emulator makes its CA and certificates with openssl, which is not on PATH: install it (Debian and Ubuntu: apt-get install openssl; Git for Windows ships one).",
    );
  }
}

/** A self-signed certificate `name.crt` and its key `name.key`, valid two days. */
const selfSigned = (dir: string, name: string, subject: string, extra = "") =>
  openssl(
    dir,
    `req -x509 -newkey rsa:2048 -nodes -days 2 -keyout ${name}.key -out ${name}.crt${extra}`,
    subject,
  );

/**
 * A throwaway CA and a certificate for localhost and 127.0.0.1 signed by it,
 * made with openssl in `dir`. Clients trust the CA file; nothing is installed.
 */
export function makeServerTls(dir: string): ServerTls {
  const caExtensions =
    " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign";
  selfSigned(dir, "ca", "/CN=intune-graph-emulator local CA", caExtensions);
  openssl(dir, "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr", "/CN=localhost");
  const extensions = "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n";
  writeFileSync(join(dir, "server.ext"), `${extensions}basicConstraints=CA:FALSE\n`);
  openssl(
    dir,
    "x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out server.crt -extfile server.ext",
  );
  return {
    caCertPath: join(dir, "ca.crt"),
    key: readFileSync(join(dir, "server.key"), "utf8"),
    cert: readFileSync(join(dir, "server.crt"), "utf8"),
  };
}

/** A client certificate and its key in one PEM file, as ClientCertificateCredential reads it. */
export function makeClientCertificate(dir: string, name: string): { path: string; certificate: string } {
  selfSigned(dir, name, `/CN=${name}`);
  const certificate = readFileSync(join(dir, `${name}.crt`), "utf8");
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, readFileSync(join(dir, `${name}.key`), "utf8") + certificate, { mode: 0o600 });
  return { path, certificate };
}
