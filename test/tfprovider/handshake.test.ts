/**
 * The go-plugin handshake: the launcher refuses to run without Terraform's cookie, prints exactly one handshake
 * line, and serves health, the provider and the controller over mutual TLS to the holder of PLUGIN_CLIENT_CERT.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import path from "node:path";

import * as grpc from "@grpc/grpc-js";
import { afterAll, describe, expect, test } from "vitest";

import {
  handshakeLine,
  hostAcceptsProtocol,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  portRange,
} from "../../lib/tfprovider/handshake";
import { loadServiceDefinitions } from "../../lib/tfprovider/server";
import type { ServerCertificate } from "../../lib/tfprovider/tls";
import { generateServerCertificate } from "../../lib/tfprovider/tls";

const BIN = path.join(__dirname, "../../lib/tfprovider/bin/terraform-provider-genesyscloud");

describe("handshake line", () => {
  test("is CORE|APP|tcp|ADDR|grpc|CERT with the certificate in unpadded base64", () => {
    const der = new Uint8Array([1, 2, 3, 4]); // base64 "AQIDBA==" padded
    expect(handshakeLine("127.0.0.1:1234", der)).toBe("1|5|tcp|127.0.0.1:1234|grpc|AQIDBA\n");
  });

  test("honours PLUGIN_MIN_PORT/PLUGIN_MAX_PORT only when both are sane", () => {
    expect(portRange({ PLUGIN_MIN_PORT: "10000", PLUGIN_MAX_PORT: "25000" })).toEqual({ min: 10000, max: 25000 });
    expect(portRange({ PLUGIN_MIN_PORT: "10000" })).toBeUndefined();
    expect(portRange({ PLUGIN_MIN_PORT: "9", PLUGIN_MAX_PORT: "8" })).toBeUndefined();
  });

  test("reads the host's protocol list", () => {
    expect(hostAcceptsProtocol({ PLUGIN_PROTOCOL_VERSIONS: "5,6" })).toBe(true);
    expect(hostAcceptsProtocol({ PLUGIN_PROTOCOL_VERSIONS: "6" })).toBe(false);
    expect(hostAcceptsProtocol({})).toBe(true);
  });
});

describe("the server certificate", () => {
  test("is a self-signed localhost CA for server and client auth, valid about 30 years", async () => {
    const cert = new X509Certificate((await generateServerCertificate()).certPem);
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
    expect(cert.verify(cert.publicKey)).toBe(true);
    const years = (Date.parse(cert.validTo) - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(29.9);
  });
});

describe("the provider executable", () => {
  test("refuses to run without Terraform's magic cookie", () => {
    const run = spawnSync(BIN, [], { env: { ...process.env, [MAGIC_COOKIE_KEY]: "" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^This binary is a plugin\. These are not meant to be executed directly\./);
  });

  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill();
  });

  async function launch(client: ServerCertificate) {
    const child = spawn(BIN, [], {
      env: {
        ...process.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
        PLUGIN_CLIENT_CERT: client.certPem,
        PLUGIN_MIN_PORT: "",
        PLUGIN_MAX_PORT: "",
      },
    });
    children.push(child);
    let stdout = "";
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("\n")) resolve(stdout.slice(0, stdout.indexOf("\n")));
      });
      child.on("exit", (code) => reject(new Error(`plugin exited with ${code} before the handshake`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { child, line, exited, stdout: () => stdout };
  }

  test("prints one handshake line and serves health, schema and shutdown over mutual TLS", async () => {
    const client = await generateServerCertificate();
    const { line, exited, stdout } = await launch(client);
    const [core, app, network, address, protocol, certB64] = line.split("|");
    expect({ core, app, network, protocol }).toEqual({ core: "1", app: "5", network: "tcp", protocol: "grpc" });
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(certB64).toMatch(/^[A-Za-z0-9+/]+$/); // RawStdEncoding: no padding
    const serverCert = new X509Certificate(Buffer.from(certB64 ?? "", "base64"));
    expect(serverCert.subjectAltName).toBe("DNS:localhost");

    const defs = loadServiceDefinitions();
    const creds = grpc.credentials.createSsl(
      Buffer.from(serverCert.toString()),
      Buffer.from(client.keyPem),
      Buffer.from(client.certPem),
    );
    const options = { "grpc.ssl_target_name_override": "localhost" };
    const unary = (def: grpc.ServiceDefinition, method: string, req: object) => {
      const Ctor = grpc.makeClientConstructor(def, "svc");
      const c = new Ctor(address ?? "", creds, options) as unknown as Record<
        string,
        (r: object, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void
      >;
      return new Promise<Record<string, unknown>>((resolve, reject) =>
        c[method]?.(req, (err, res) => (err ? reject(err) : resolve(res))),
      );
    };

    expect(await unary(defs.health, "Check", { service: "plugin" })).toEqual({ status: 1 });
    const schema = await unary(defs.provider, "GetSchema", {});
    expect(Object.keys(schema.resource_schemas as object)).toContain("genesyscloud_auth_division");
    expect(await unary(defs.provider, "Stop", {})).toEqual({ Error: "" });
    await unary(defs.controller, "Shutdown", {});
    expect(await exited).toBe(0);
    expect(stdout()).toBe(`${line}\n`);
  });

  test("rejects a client that does not hold PLUGIN_CLIENT_CERT", async () => {
    const { line } = await launch(await generateServerCertificate());
    const [, , , address, , certB64] = line.split("|");
    const serverPem = new X509Certificate(Buffer.from(certB64 ?? "", "base64")).toString();
    const stranger = await generateServerCertificate();
    const creds = grpc.credentials.createSsl(
      Buffer.from(serverPem),
      Buffer.from(stranger.keyPem),
      Buffer.from(stranger.certPem),
    );
    const Ctor = grpc.makeClientConstructor(loadServiceDefinitions().health, "svc");
    const c = new Ctor(address ?? "", creds, { "grpc.ssl_target_name_override": "localhost" }) as unknown as {
      Check(r: object, o: grpc.CallOptions, cb: (err: grpc.ServiceError | null) => void): void;
    };
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      c.Check({ service: "plugin" }, { deadline: Date.now() + 5000 }, resolve),
    );
    expect(err?.code).toBe(grpc.status.UNAVAILABLE);
  });
});
