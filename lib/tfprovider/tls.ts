/**
 * The plugin's side of go-plugin's automatic mutual TLS. Terraform passes its client certificate in
 * PLUGIN_CLIENT_CERT; the plugin answers with a fresh self-signed certificate in the handshake line and only
 * accepts connections presenting the client's. The certificate mirrors generateCert in hashicorp/go-plugin
 * mtls.go (CN and SAN "localhost", O "HashiCorp", a CA, digitalSignature|keyEncipherment|keyAgreement|keyCertSign,
 * serverAuth+clientAuth, a random 128-bit serial, 30 s back-dated, 262980 h ≈ 30 years), on P-256 instead of
 * P-521 because Node's TLS signs with it by default and Go verifies either.
 */
import "reflect-metadata"; // @peculiar/x509 needs a Reflect polyfill (its README, "Reflect Polyfill Required").
import { randomBytes, webcrypto } from "node:crypto";

import * as x509 from "@peculiar/x509";

export interface ServerCertificate {
  /** PEM, for the TLS server. */
  readonly certPem: string;
  readonly keyPem: string;
  /** The DER bytes the handshake line carries. */
  readonly der: Buffer;
}

const HOURS = 60 * 60 * 1000;

export async function generateServerCertificate(now = new Date()): Promise<ServerCertificate> {
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = await crypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString("hex"),
    name: "CN=localhost, O=HashiCorp",
    notBefore: new Date(now.getTime() - 30_000),
    notAfter: new Date(now.getTime() + 262_980 * HOURS),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyAgreement |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }]),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
  return {
    certPem: cert.toString("pem"),
    keyPem: toPem("PRIVATE KEY", pkcs8),
    der: Buffer.from(cert.rawData),
  };
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
