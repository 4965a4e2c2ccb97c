import { describe, expect, test } from "vitest";

import { parseConfig } from "../../lib/config/load";
import { slugKey } from "../../lib/config/keys";
import { isInputError } from "../../lib/errors";
import { renderedError } from "../helpers";

const FILE = "org.yaml";

/** A minimal valid org, as YAML lines, to which tests add entries. */
function org(body: string): string {
  return `version: 1\norgs:\n  - name: acme\n${body}`;
}

describe("parseConfig", () => {
  test("resolves keys from names and references to keys", () => {
    const config = parseConfig(
      org(`    divisions:
      - name: Customer Support
    scimGroups:
      - name: GC-Support-Tier1
        key: tier1
    queues:
      - name: Support General
        division: customer support
        groups: [GC-Support-Tier1]
`),
      FILE,
    );
    const acme = config.orgs[0];
    expect(acme?.divisions[0]?.key).toBe("customer_support");
    expect(acme?.divisions[0]?.mode).toBe("managed");
    expect(acme?.queues[0]).toMatchObject({
      key: "support_general",
      divisionKey: "customer_support",
      groupKeys: ["tier1"],
    });
  });

  test("reads JSON as well as YAML", () => {
    const config = parseConfig(JSON.stringify({ version: 1, orgs: [{ name: "acme", region: "EU-West-1" }] }), "o.json");
    expect(config.orgs[0]?.region).toBe("eu-west-1");
  });

  test("fails with exit code 2 on a division name that differs only in case, naming both entries", () => {
    let err: unknown;
    try {
      parseConfig(org(`    divisions:\n      - name: Sales\n      - name: Billing\n      - name: "sales "\n`), FILE);
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    if (!isInputError(err)) return;
    expect(err.exitCode).toBe(2);
    expect(err.problems).toEqual([
      "line 7, orgs[0].divisions[2].name: has leading or trailing whitespace, which Genesys trims; remove it",
      'line 7, orgs[0].divisions[2].name: division "sales " duplicates orgs[0].divisions[0] "Sales": Genesys ' +
        "compares names trimmed and case-insensitively, so both would be one object; keep one entry",
    ]);
    const dup = renderedError(() =>
      parseConfig(org(`    divisions:\n      - name: Sales\n      - name: SALES\n`), FILE),
    );
    expect(dup).toContain(
      'line 6, orgs[0].divisions[1].name: division "SALES" duplicates orgs[0].divisions[0] "Sales"',
    );
  });

  test("fails on a queue naming a missing group, naming the queue, the group and the closest existing one", () => {
    const text = renderedError(() =>
      parseConfig(
        org(`    scimGroups:
      - name: GC-Sales-Agents
    queues:
      - name: Sales Inbound
        groups: [GC-Sales-Agent]
`),
        FILE,
      ),
    );
    expect(text).toContain(
      'line 8, orgs[0].queues[0].groups[0]: queue "Sales Inbound" names SCIM group "GC-Sales-Agent", which is not in orgs[0].scimGroups (did you mean "GC-Sales-Agents"?)',
    );
  });

  test("reports every problem in one error: dangling division, bad region, unknown keys with suggestions", () => {
    let err: unknown;
    try {
      parseConfig(
        `version: 1
orgs:
  - name: acme
    region: mars-1
    scimgroups: []
    queues:
      - name: Q
        groups: [G]
        settings:
          acw_wrapup_prompt: OPTIONAL
`,
        FILE,
      );
    } catch (e) {
      err = e;
    }
    if (!isInputError(err)) throw new Error("expected an InputError");
    expect(err.message).toBe("org.yaml: 4 problems in the org config; fix them and run again");
    expect(err.problems).toEqual([
      expect.stringMatching(/^line 4, orgs\[0\].region: is not a Genesys Cloud region; use one of us-east-1, /),
      'line 5, orgs[0]: unknown key "scimgroups"; did you mean "scimGroups"?',
      expect.stringMatching(/^line 8, orgs\[0\].queues\[0\].groups\[0\]: queue "Q" names SCIM group "G", which is not/),
      'line 10, orgs[0].queues[0].settings: unknown key "acw_wrapup_prompt"; did you mean "acwWrapupPrompt"?',
    ]);
  });

  test("cross-checks run once the shape is valid, and list all reference problems", () => {
    const text = renderedError(() =>
      parseConfig(
        org(`    divisions:
      - name: Sales
    queues:
      - name: Q1
        division: Marketing
        groups: [Nope]
      - name: Q2
        groups: [Missing]
`),
        FILE,
      ),
    );
    expect(text).toMatch(/^org.yaml: 3 problems/);
    expect(text).toContain('queue "Q1" names division "Marketing", which is not in orgs[0].divisions');
    expect(text).toContain('queue "Q1" names SCIM group "Nope"');
    expect(text).toContain('queue "Q2" names SCIM group "Missing"');
  });

  test("fails when two names slug to the same key, asking for an explicit key", () => {
    const text = renderedError(() =>
      parseConfig(org(`    divisions:\n      - name: Sales EU\n      - name: Sales-EU\n`), FILE),
    );
    expect(text).toContain('division "Sales-EU" has key "sales_eu", as does orgs[0].divisions[0] "Sales EU"');
  });

  test("fails when a name gives no usable key and none is set", () => {
    expect(renderedError(() => parseConfig(org(`    divisions:\n      - name: 営業\n`), FILE))).toContain(
      'division "営業" gives no usable default key (Terraform name); set "key"',
    );
    const ok = parseConfig(org(`    divisions:\n      - name: 営業\n        key: eigyo\n`), FILE);
    expect(ok.orgs[0]?.divisions[0]?.key).toBe("eigyo");
  });

  test("fails on mode-specific fields used in the wrong mode, and on two home divisions", () => {
    const text = renderedError(() =>
      parseConfig(
        org(`    divisions:
      - name: Home
        mode: home
      - name: Main
        mode: home
        description: x
    scimGroups:
      - name: G
        mode: lookup
        settings: { visibility: public }
`),
        FILE,
      ),
    );
    expect(text).toContain('orgs[0].divisions[1].mode: a second division with mode "home"');
    expect(text).toContain('orgs[0].divisions[1].description: does not apply to a division in mode "home"');
    expect(text).toContain('orgs[0].scimGroups[0].settings: does not apply to a group in mode "lookup"');
  });

  test("fails on YAML syntax errors and duplicate keys with their line", () => {
    expect(renderedError(() => parseConfig("version: 1\norgs: [\n", FILE))).toMatch(
      /^org.yaml: not valid YAML or JSON; fix the syntax\n {2}- line \d+: /,
    );
    expect(renderedError(() => parseConfig("version: 1\nversion: 1\norgs: []\n", FILE))).toMatch(
      /line 2: Map keys must be unique/,
    );
  });

  test("fails on an empty file and on an unknown format version", () => {
    expect(renderedError(() => parseConfig("", FILE))).toBe(
      "org.yaml: the config is empty; start from examples/gcguard.config.yaml",
    );
    expect(renderedError(() => parseConfig("version: 2\norgs: []\n", FILE))).toContain("line 1, version:");
  });
});

describe("slugKey", () => {
  test("folds accents and punctuation into a Terraform identifier", () => {
    expect(slugKey("Ventes Québec (EU)")).toBe("ventes_quebec_eu");
    expect(slugKey("  GC--Sales  Agents ")).toBe("gc_sales_agents");
    expect(slugKey("2nd Line")).toBe("_2nd_line");
    expect(slugKey("営業")).toBe("");
  });
});
