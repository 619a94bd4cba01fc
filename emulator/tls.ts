// The emulator's certificates, made in memory with node-forge: no openssl on PATH, and the CA's
// private key never touches the disk (it lives in a closure and dies with the emulator).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";

const { asn1, pki } = forge;

export interface ServerTls {
  caCertPath: string;
  key: string;
  cert: string;
}

/** A CA that can only sign: its key cannot be read back. */
export interface LocalCa {
  certificate: string;
  /** A server certificate for these names, with its key, signed by the CA. */
  issue(dnsNames: string[], ipAddresses: string[]): { key: string; cert: string };
}

const day = 24 * 60 * 60 * 1000;
// Two days: an emulator lives for one pipeline run. A minute back, for a client's clock skew.
const validity = () => ({
  notBefore: new Date(Date.now() - 60_000),
  notAfter: new Date(Date.now() + 2 * day),
});

/**
 * nameConstraints (RFC 5280 4.2.1.10), critical: the CA may only vouch for localhost, 127.0.0.0/8 and
 * ::1. Even if its certificate were trusted system-wide and its key leaked, a certificate it signed
 * for graph.microsoft.com fails verification ("permitted subtree violation").
 */
function loopbackOnly() {
  const subtree = (tag: number, bytes: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, bytes),
    ]);
  const ip = (addressAndMask: string) => forge.util.hexToBytes(addressAndMask);
  const dnsName = 2;
  const ipAddress = 7;
  const permitted = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
    subtree(dnsName, "localhost"),
    subtree(ipAddress, ip(`7f000000${"ff000000"}`)),
    subtree(ipAddress, ip(`${"0".repeat(31)}1${"f".repeat(32)}`)),
  ]);
  return {
    id: "2.5.29.30",
    critical: true,
    value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [permitted]),
  };
}

function certificate(
  subject: string,
  publicKey: forge.pki.PublicKey,
  extensions: object[],
  issuer?: forge.pki.Certificate,
) {
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive (leading 01) and random, so that no two emulators' certificates share a serial.
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  Object.assign(cert.validity, validity());
  cert.setSubject([{ name: "commonName", value: subject }]);
  cert.setIssuer(issuer ? issuer.subject.attributes : [{ name: "commonName", value: subject }]);
  cert.setExtensions(extensions);
  return cert;
}

// forge hands RSA key generation to Node's native crypto when it can: fast, and nothing written.
const rsaKeys = () => pki.rsa.generateKeyPair({ bits: 2048 });
/** PKCS#8 ("BEGIN PRIVATE KEY"), the form Node's TLS and @azure/identity read. */
const pkcs8 = (key: forge.pki.rsa.PrivateKey) =>
  pki.privateKeyInfoToPem(pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(key)));

/** A fresh CA, constrained to loopback names, whose key stays in this closure. */
export function makeLocalCa(): LocalCa {
  const keys = rsaKeys();
  const ca = certificate("intune-graph-emulator local CA", keys.publicKey, [
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    loopbackOnly(),
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  return {
    certificate: pki.certificateToPem(ca),
    issue(dnsNames, ipAddresses) {
      const leaf = rsaKeys();
      const altNames = [
        ...dnsNames.map((value) => ({ type: 2, value })),
        ...ipAddresses.map((ip) => ({ type: 7, ip })),
      ];
      const cert = certificate(
        dnsNames[0] ?? ipAddresses[0],
        leaf.publicKey,
        [
          { name: "basicConstraints", cA: false },
          { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
          { name: "extKeyUsage", serverAuth: true },
          { name: "subjectAltName", altNames },
          { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
        ],
        ca,
      );
      cert.sign(keys.privateKey, forge.md.sha256.create());
      return { key: pkcs8(leaf.privateKey), cert: pki.certificateToPem(cert) };
    },
  };
}

/**
 * A throwaway CA and a certificate for localhost, 127.0.0.1 and ::1 signed by it. Only the CA's
 * certificate is written, to `dir`, for clients to trust; nothing is installed.
 */
export function makeServerTls(dir: string): ServerTls {
  const ca = makeLocalCa();
  const caCertPath = join(dir, "ca.crt");
  writeFileSync(caCertPath, ca.certificate);
  return { caCertPath, ...ca.issue(["localhost"], ["127.0.0.1", "::1"]) };
}

/** A self-signed client certificate and its key in one PEM file, as ClientCertificateCredential reads it. */
export function makeClientCertificate(dir: string, name: string): { path: string; certificate: string } {
  const keys = rsaKeys();
  const cert = certificate(name, keys.publicKey, [{ name: "basicConstraints", cA: false }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certificatePem = pki.certificateToPem(cert);
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, pkcs8(keys.privateKey) + certificatePem, { mode: 0o600 });
  return { path, certificate: certificatePem };
}
