import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ServerTls {
  caCertPath: string;
  key: string;
  cert: string;
}

const openssl = (args: string[], cwd: string) => execFileSync("openssl", args, { cwd, stdio: "pipe" });

/**
 * A throwaway CA and a certificate for localhost and 127.0.0.1 signed by it,
 * made with openssl in `dir`. Clients trust the CA file; nothing is installed.
 */
export function makeServerTls(dir: string): ServerTls {
  const days = ["-days", "2"];
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      ...days,
      "-subj",
      "/CN=intune-graph-emulator local CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  openssl(
    [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      "/CN=localhost",
    ],
    dir,
  );
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.pem",
      ...days,
      "-extfile",
      "server.ext",
    ],
    dir,
  );
  return {
    caCertPath: join(dir, "ca.pem"),
    key: readFileSync(join(dir, "server.key"), "utf8"),
    cert: readFileSync(join(dir, "server.pem"), "utf8"),
  };
}

/** A client certificate and its key in one PEM file, as ClientCertificateCredential reads it. */
export function makeClientCertificate(dir: string, name: string): { path: string; certificate: string } {
  const path = join(dir, `${name}.pem`);
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ],
    dir,
  );
  const certificate = readFileSync(join(dir, `${name}.crt`), "utf8");
  writeFileSync(path, readFileSync(join(dir, `${name}.key`), "utf8") + certificate, { mode: 0o600 });
  return { path, certificate };
}
