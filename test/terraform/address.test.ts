/** The one address parser: every form Terraform prints, read and written back unchanged (docs/terraform-addresses.md). */
import { describe, expect, test } from "vitest";

import {
  adoptionAddressProblem,
  formatAddress,
  parseAddress,
  parseProviderAddress,
  quoteKey,
  readAddress,
} from "../../lib/terraform/address";

describe("parseAddress", () => {
  test.each([
    "genesyscloud_group.sales",
    "data.genesyscloud_auth_division_home.home",
    "genesyscloud_auth_division.numbered[0]",
    "genesyscloud_auth_division.numbered[12]",
    'genesyscloud_group.by_name["GC-Sales-Agents"]',
    'genesyscloud_group.by_name["Ops $${var.env}"]',
    'genesyscloud_group.by_name["Équipe \\"Nuit\\""]',
    'genesyscloud_group.by_name["back\\\\slash %%{if} \\n\\t"]',
    'genesyscloud_group.by_name["bell \\u0007 nbsp \\u00a0"]',
    "module.team.genesyscloud_routing_queue.q[0]",
    'module.team["eu"].module.inner[2].genesyscloud_group.g["k"]',
    "genesyscloud_group.name-with-dash_1",
    'genesyscloud_group.g[""]',
  ])("%s reads and prints back unchanged", (text) => {
    const parsed = parseAddress(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(formatAddress(parsed.value)).toBe(text);
  });

  test("keys read back as the values Terraform holds", () => {
    const value = (text: string) => {
      const p = parseAddress(text);
      return p.ok ? p.value.key : p.error;
    };
    expect(value('genesyscloud_group.x["Ops $${var.env}"]')).toBe("Ops ${var.env}");
    expect(value('genesyscloud_group.x["%%{if x}"]')).toBe("%{if x}");
    expect(value('genesyscloud_group.x["a\\"b\\\\c\\nd"]')).toBe('a"b\\c\nd');
    expect(value('genesyscloud_group.x["\\U0001F600 \\u00e9"]')).toBe("😀 é");
    expect(value("genesyscloud_group.x[3]")).toBe(3);
  });

  test.each([
    ["genesyscloud_group", /expected \.<name>/],
    ["genesyscloud_group.", /expected a resource name/],
    ['genesyscloud_group.x["a"', /expected \] after the instance key/],
    ['genesyscloud_group.x["${var.env}"]', /cannot hold a template \$\{\.\.\.\}/],
    ["genesyscloud_group.x[01]", /no leading zeros/],
    ["genesyscloud_group.x[-1]", /integer or a quoted string/],
    ['genesyscloud_group.x["a\\q"]', /invalid escape/],
    ['genesyscloud_group.x"] }\nresource "evil', /unexpected/],
    ["module.genesyscloud_group.x", /expected .<name> after the resource type x/],
    ["genesyscloud_group.x (path)", /unexpected/],
  ])("fails on %j", (text, message) => {
    const parsed = parseAddress(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe("quoteKey: Terraform's addrs.toHCLQuotedString", () => {
  test.each([
    ["plain", '"plain"'],
    ["Ops ${var.env}", '"Ops $${var.env}"'],
    ["100% {x}", '"100% {x}"'],
    ["%{if}", '"%%{if}"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ["tab\tnl\ncr\r", '"tab\\tnl\\ncr\\r"'],
    ["bell\u0007", '"bell\\u0007"'],
    ["nbsp\u00a0", '"nbsp\\u00a0"'],
    ["Équipe ☃ 😀", '"Équipe ☃ 😀"'],
    ["", '""'],
  ])("%j prints as %s", (value, printed) => {
    expect(quoteKey(value)).toBe(printed);
  });
});

describe("readAddress in log lines", () => {
  test("takes off cdktf's construct path, before or after the key", () => {
    expect(
      readAddress("genesyscloud_auth_division.support (divisions/support/Default),", 0, { constructPath: true }),
    ).toEqual({
      address: { module: [], mode: "managed", type: "genesyscloud_auth_division", name: "support" },
      text: "genesyscloud_auth_division.support",
      constructPath: "divisions/support/Default",
      end: 62,
    });
    const keyed = readAddress('genesyscloud_group.by_name (groups/by_name)["Ops $${var.env}"]: Creating...', 0, {
      constructPath: true,
    });
    expect(keyed?.text).toBe('genesyscloud_group.by_name["Ops $${var.env}"]');
    expect(keyed?.constructPath).toBe("groups/by_name");
  });

  test("stops at the address and refuses text that only starts like one", () => {
    expect(readAddress("genesyscloud_group.x: Destroying... [id=1]")?.end).toBe(20);
    expect(readAddress("Terraform used the selected providers")).toBeUndefined();
    expect(readAddress("genesyscloud_group.x (not closed")?.text).toBe("genesyscloud_group.x");
  });
});

describe("provider addresses", () => {
  test("reads the source and alias, in modules too", () => {
    expect(parseProviderAddress('provider["registry.terraform.io/mypurecloud/genesyscloud"]')).toEqual({
      ok: true,
      value: { module: [], source: "registry.terraform.io/mypurecloud/genesyscloud" },
    });
    expect(parseProviderAddress('module.m.provider["registry.terraform.io/auth0/auth0"].eu')).toEqual({
      ok: true,
      value: { module: [{ name: "m" }], source: "registry.terraform.io/auth0/auth0", alias: "eu" },
    });
    expect(parseAddress('provider["registry.terraform.io/mypurecloud/genesyscloud"]').ok).toBe(false);
  });
});

describe("adoptionAddressProblem", () => {
  test("accepts every managed genesyscloud instance in Terraform's spelling, and says why it refuses the rest", () => {
    expect(adoptionAddressProblem('module.m["x"].genesyscloud_group.g["Ops $${x}"]')).toBeUndefined();
    expect(adoptionAddressProblem("data.genesyscloud_group.g")).toMatch(
      /is a data source; only managed resources can be imported/,
    );
    expect(adoptionAddressProblem("aws_s3_bucket.b")).toMatch(
      /is not a genesyscloud resource \(its type is aws_s3_bucket\)/,
    );
    expect(adoptionAddressProblem('genesyscloud_group.g["\\u00e9"]')).toMatch(
      /write it as genesyscloud_group\.g\["é"\]/,
    );
    expect(adoptionAddressProblem("genesyscloud_group.g (groups/g)")).toMatch(/is not a Terraform resource address/);
  });

  test("refuses a key that lost a character to the log's encoding (a cp1252 log decoded as UTF-8)", () => {
    const mangled = new TextDecoder().decode(Buffer.from('genesyscloud_group.g["\xc9quipe"]', "latin1"));
    expect(adoptionAddressProblem(mangled)).toMatch(/holds U\+FFFD, a character lost in the log's encoding/);
  });
});
