import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { parseIdpExport, readIdpExport } from "../../lib/scim/export";
import { ENTERPRISE_USER } from "../../lib/scim/export-rules";
import type { DesiredGroup } from "../../lib/scim/model";
import { inputError } from "./helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");

/** The groups with each member's own origin left out (tests of where members come from check it themselves). */
function refsOnly(groups: readonly DesiredGroup[]): unknown[] {
  return groups.map((g) => ({ ...g, members: g.members.map(({ by, value }) => ({ by, value })) }));
}

describe("parseIdpExport: JSON", () => {
  test("reads groups with every member spelling and users, keeping exact case", () => {
    const exp = parseIdpExport(
      JSON.stringify({
        version: 1,
        groups: [
          {
            displayName: "GC-Sales-Agents",
            members: [
              "Ada@Acme.example",
              { userName: "alan@acme.example" },
              { email: "grace@acme.example" },
              { externalId: "entra-1003" },
            ],
          },
        ],
        users: [
          {
            userName: "ada@acme.example",
            displayName: "Ada Lovelace",
            title: "Agent",
            externalId: "entra-1001",
            department: "Sales",
            division: "Home",
            employeeNumber: "1001",
            active: true,
          },
        ],
      }),
      "groups.json",
    );
    expect(exp.kind).toBe("export");
    expect(exp.source).toBe("groups.json");
    expect(refsOnly(exp.groups)).toEqual([
      {
        displayName: "GC-Sales-Agents",
        members: [
          { by: "userName", value: "Ada@Acme.example" },
          { by: "userName", value: "alan@acme.example" },
          { by: "userName", value: "grace@acme.example" },
          { by: "externalId", value: "entra-1003" },
        ],
        origin: "groups.json groups[0]",
      },
    ]);
    expect(exp.users).toStrictEqual([
      {
        userName: "ada@acme.example",
        displayName: "Ada Lovelace",
        title: "Agent",
        externalId: "entra-1001",
        department: "Sales",
        division: "Home",
        employeeNumber: "1001",
        active: true,
        origin: "groups.json users[0]",
      },
    ]);
  });

  test("accepts the SCIM enterprise extension as another spelling of department, division and employeeNumber", () => {
    const exp = parseIdpExport(
      JSON.stringify({
        users: [
          {
            userName: "ada@acme.example",
            displayName: "Ada Lovelace",
            department: "Sales",
            [ENTERPRISE_USER]: { department: "Sales", division: "Home", employeeNumber: "1001" },
          },
        ],
      }),
      "users.json",
    );
    expect(exp.groups).toEqual([]);
    expect(exp.users).toStrictEqual([
      {
        userName: "ada@acme.example",
        displayName: "Ada Lovelace",
        department: "Sales",
        division: "Home",
        employeeNumber: "1001",
        origin: "users.json users[0]",
      },
    ]);
  });

  test("keeps a group with no members, and keeps one of a member listed twice", () => {
    const exp = parseIdpExport(
      '{"groups":[{"displayName":"GC-Empty","members":[]},{"displayName":"G","members":["a@x","A@X",{"externalId":"e"},{"externalId":"e"}]}]}',
      "g.json",
    );
    expect(exp.groups.map((g) => [g.displayName, g.members.length])).toEqual([
      ["GC-Empty", 0],
      ["G", 2],
    ]);
    expect(exp.groups[1]?.members[0]).toMatchObject({ by: "userName", value: "a@x" });
  });

  test("fails with exit code 2 on unknown keys, naming them and where they are", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [{ displayName: "G", memebers: [] }],
          users: [{ userName: "a@x", displayName: "A", dept: "Sales", [ENTERPRISE_USER]: { manager: "b" } }],
          extra: 1,
        }),
        "/tmp/idp/groups.json",
      ),
    );
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe("/tmp/idp/groups.json: 1 problem in the IdP export; fix it and run again");
    expect(err.problems).toEqual(['groups.json: unknown key "extra" (typo?); allowed: version, groups, users']);
    const nested = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [{ displayName: "G", memebers: [] }],
          users: [{ userName: "a@x", displayName: "A", dept: "Sales", [ENTERPRISE_USER]: { manager: "b" } }],
        }),
        "groups.json",
      ),
    );
    expect(nested.message).toBe("groups.json: 4 problems in the IdP export; fix them and run again");
    expect(nested.problems).toEqual([
      "groups.json groups[0].members: is required; use [] for a group nobody should be in",
      'groups.json groups[0]: unknown key "memebers" (typo?); allowed: displayName, members',
      `groups.json users[0].${ENTERPRISE_USER}: unknown key "manager" (typo?); allowed: department, division, employeeNumber`,
      expect.stringMatching(
        /^groups\.json users\[0\]: unknown key "dept" \(typo\?\); allowed: userName, displayName, /,
      ),
    ]);
  });

  test("fails on member objects without exactly one of userName, email, externalId", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [
            {
              displayName: "G",
              members: [{}, { userName: "a@x", externalId: "1" }, { value: "u1" }, 7, { externalId: 7 }, ""],
            },
          ],
        }),
        "g.json",
      ),
    );
    expect(err.problems).toEqual([
      "g.json groups[0].members[0]: a member is a userName string or an object with exactly one of userName, email, externalId; got an empty object",
      'g.json groups[0].members[1]: a member is a userName string or an object with exactly one of userName, email, externalId; got "userName", "externalId"',
      'g.json groups[0].members[2]: unknown key "value"; a member is a userName string or an object with exactly one of userName, email, externalId',
      "g.json groups[0].members[3]: a member is a userName string or an object with exactly one of userName, email, externalId",
      "g.json groups[0].members[4]: externalId must be a string",
      'g.json groups[0].members[5]: userName "" is not an email address; a Genesys userName is the user\'s email (x@y)',
    ]);
  });

  test("fails on a userName or email that is not an email address", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [{ displayName: "G", members: ["ada", { email: "a b@x" }] }],
          users: [{ userName: "ada", displayName: "Ada" }],
        }),
        "g.json",
      ),
    );
    expect(err.problems).toEqual([
      'g.json groups[0].members[0]: userName "ada" is not an email address; a Genesys userName is the user\'s email (x@y)',
      'g.json groups[0].members[1]: email "a b@x" is not an email address; a Genesys userName is the user\'s email (x@y)',
      'g.json users[0]: userName "ada" is not an email address; a Genesys userName is the user\'s email (x@y)',
    ]);
  });

  test("fails on a group listed twice, or twice in different case, naming both entries", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [
            { displayName: "GC-Sales", members: [] },
            { displayName: "GC-Sales", members: [] },
            { displayName: "gc-sales", members: [] },
          ],
        }),
        "g.json",
      ),
    );
    expect(err.problems).toEqual([
      'g.json groups[1]: group "GC-Sales" is listed twice (also at g.json groups[0]); list it once',
      'g.json groups[2]: group "gc-sales" differs only in case from "GC-Sales" at g.json groups[0]; Genesys treats both as one group and the IdP links groups by exact name, so use one spelling',
    ]);
  });

  test("fails on blank names, whitespace around a group name and users listed twice across case", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          groups: [
            { displayName: " ", members: [] },
            { displayName: "GC-Sales ", members: [] },
          ],
          users: [
            { userName: "ada@acme.example", displayName: "Ada" },
            { userName: "ADA@acme.example", displayName: "  " },
          ],
        }),
        "g.json",
      ),
    );
    expect(err.problems).toEqual([
      "g.json groups[0]: the group displayName is blank; give the group's exact display name",
      'g.json groups[1]: group "GC-Sales " has leading or trailing whitespace, which Genesys trims; remove it',
      'g.json users[1]: user "ADA@acme.example" has a blank displayName; give the user\'s name',
      'g.json users[1]: user "ADA@acme.example" is listed twice (also at g.json users[0]; userNames compare ignoring case); list each user once',
    ]);
  });

  test("fails on a flat attribute and its enterprise spelling with different values", () => {
    const err = inputError(() =>
      parseIdpExport(
        JSON.stringify({
          users: [{ userName: "a@x", displayName: "A", division: "Home", [ENTERPRISE_USER]: { division: "Sales" } }],
        }),
        "u.json",
      ),
    );
    expect(err.problems).toEqual([
      `u.json users[0]: division is given twice with different values (flat and in ${ENTERPRISE_USER}); keep one`,
    ]);
  });

  test("fails on wrong types, a version other than 1, and an export with neither groups nor users", () => {
    expect(inputError(() => parseIdpExport('{"version":2,"groups":{}}', "g.json")).problems).toEqual([
      "g.json version: must be 1, the only version of this format",
      "g.json groups: must be an array of groups",
    ]);
    expect(
      inputError(() =>
        parseIdpExport('{"groups":["G"],"users":[{"userName":"a@x","displayName":"A","active":"yes"}]}', "g.json"),
      ).problems,
    ).toEqual([
      "g.json groups[0]: a group must be an object with displayName and members",
      "g.json users[0].active: must be true or false",
    ]);
    expect(inputError(() => parseIdpExport('{"version":1}', "g.json")).problems).toEqual([
      'g.json: the export has neither "groups" nor "users"; give at least one of them',
    ]);
  });

  test("fails on invalid JSON with the line and column of the error", () => {
    const err = inputError(() => parseIdpExport('{\n  "groups": [\n    {"displayName": "G",}\n  ]\n}', "g.json"));
    expect(err.message).toMatch(/^g\.json: not valid JSON \(line 3, column 25: .*at position 40\); fix the syntax$/);
  });
});

describe("parseIdpExport: membership CSV", () => {
  test("reads one row per membership and merges rows of one group, in order", () => {
    const exp = parseIdpExport(
      "group,userName\nGC-Sales-Agents,ada@acme.example\nGC-Support,donald@acme.example\nGC-Sales-Agents,alan@acme.example\n",
      "groups.csv",
    );
    expect(exp.users).toEqual([]);
    expect(refsOnly(exp.groups)).toEqual([
      {
        displayName: "GC-Sales-Agents",
        members: [
          { by: "userName", value: "ada@acme.example" },
          { by: "userName", value: "alan@acme.example" },
        ],
        origin: "groups.csv:2",
      },
      {
        displayName: "GC-Support",
        members: [{ by: "userName", value: "donald@acme.example" }],
        origin: "groups.csv:3",
      },
    ]);
    // Each member keeps its own row, so a problem with it (an unknown user) points at that row.
    expect(exp.groups[0]?.members.map((m) => m.origin)).toEqual(["groups.csv:2", "groups.csv:4"]);
  });

  test("reads header aliases in any case, with surrounding whitespace, and email or externalId member columns", () => {
    const byEmail = parseIdpExport(" GroupDisplayName , EMAIL \nG,ada@acme.example\n", "m.csv");
    expect(refsOnly(byEmail.groups)[0]).toMatchObject({ members: [{ by: "userName", value: "ada@acme.example" }] });
    const byId = parseIdpExport("GROUP,externalid\nG,entra-1001\nG,entra-1002\n", "m.csv");
    expect(byId.groups[0]?.members).toEqual([
      { by: "externalId", value: "entra-1001", origin: "m.csv:2" },
      { by: "externalId", value: "entra-1002", origin: "m.csv:3" },
    ]);
  });

  test("reads quoted commas, CRLF line ends and a byte order mark", () => {
    const exp = parseIdpExport(
      '\uFEFFgroup,userName\r\n"Sales, EMEA",ada@acme.example\r\n"Sales ""Gold""",alan@acme.example\r\n',
      "m.csv",
    );
    expect(exp.groups.map((g) => [g.displayName, g.origin])).toEqual([
      ["Sales, EMEA", "m.csv:2"],
      ['Sales "Gold"', "m.csv:3"],
    ]);
  });

  test("reads a row with an empty member cell as a group nobody should be in", () => {
    const exp = parseIdpExport("group,userName\nGC-Empty,\nGC-Short\nG,a@x\nG,\n", "m.csv");
    expect(exp.groups.map((g) => [g.displayName, g.members.length])).toEqual([
      ["GC-Empty", 0],
      ["GC-Short", 0],
      ["G", 1],
    ]);
  });

  test("skips blank lines and rows of empty cells, and keeps one of a member listed twice", () => {
    const exp = parseIdpExport("group,userName\n\nG,a@x\n,\n   \nG,A@X\n", "m.csv");
    expect(exp.groups).toEqual([
      { displayName: "G", members: [{ by: "userName", value: "a@x", origin: "m.csv:3" }], origin: "m.csv:3" },
    ]);
  });

  test("fails on group names that differ only in case, naming both lines", () => {
    const err = inputError(() =>
      parseIdpExport("group,userName\nGC-Sales,a@x\n\nGC-Sales,b@x\ngc-sales,c@x\n", "/data/groups.csv"),
    );
    expect(err.message).toBe("/data/groups.csv: 1 problem in the IdP export; fix it and run again");
    expect(err.problems).toEqual([
      'groups.csv:5: group "gc-sales" differs only in case from "GC-Sales" at groups.csv:2; Genesys treats both as one group and the IdP links groups by exact name, so use one spelling',
    ]);
  });

  test("fails on bad emails and blank groups with the line each starts on, counting multi-line quoted cells", () => {
    const err = inputError(() => parseIdpExport('group,email\r\n"Multi\r\nline",ada\r\n,b@x\r\nG,"c@x "\r\n', "m.csv"));
    expect(err.message).toBe("m.csv: 3 problems in the IdP export; fix them and run again");
    expect(err.problems).toEqual([
      'm.csv:2: email "ada" is not an email address; a Genesys userName is the user\'s email (x@y)',
      "m.csv:4: the group displayName is blank; give the group's exact display name",
      'm.csv:5: email "c@x " is not an email address; a Genesys userName is the user\'s email (x@y)',
    ]);
  });

  test("fails on a row with more cells than the header", () => {
    const err = inputError(() => parseIdpExport("group,userName\nSales, EMEA,a@x\n", "m.csv"));
    expect(err.problems).toEqual(["m.csv:2: 3 cells, but the header has 2; quote values that contain commas"]);
  });

  test("fails on unknown, blank and repeated columns, naming them", () => {
    const err = inputError(() => parseIdpExport("group,userName,role,,USERNAME\nG,a@x,x,,a@x\n", "m.csv"));
    expect(err.problems).toEqual([
      'm.csv:1: unknown column "role"; a membership CSV has only group, groupDisplayName, userName, email, externalId',
      "m.csv:1: column 4 has no name; remove it or name it",
      'm.csv:1: column "USERNAME" appears twice; keep one',
    ]);
  });

  test("fails without exactly one member column", () => {
    expect(inputError(() => parseIdpExport("group\nG\n", "m.csv")).problems).toEqual([
      "m.csv:1: no member column; a membership CSV has exactly one of userName, email, externalId",
    ]);
    expect(inputError(() => parseIdpExport("group,userName,externalId\nG,a@x,1\n", "m.csv")).problems).toEqual([
      "m.csv:1: several member columns (userName, externalId); a membership CSV has exactly one of userName, email, externalId",
    ]);
  });

  test("fails on a header naming no known columns, hinting at semicolons", () => {
    const err = inputError(() => parseIdpExport("group;userName\nG;a@x\n", "m.csv"));
    expect(err.message).toMatch(/^m\.csv: the header row names no known columns; use commas as the separator; /);
  });

  test("fails on broken quoting with the line", () => {
    const err = inputError(() => parseIdpExport('group,userName\nG,"a@x\n', "m.csv"));
    expect(err.message).toBe("m.csv: not valid CSV; fix the quoting");
    expect(err.problems[0]).toMatch(/^m\.csv:2: Quote Not Closed/);
  });
});

describe("parseIdpExport: users CSV", () => {
  test("reads users, leaving empty optional cells absent and reading active in every spelling", () => {
    const exp = parseIdpExport(
      "userName,displayName,title,externalId,department,division,employeeNumber,Active\n" +
        "ada@acme.example,Ada Lovelace,Agent,entra-1001,Sales,Home,1001,TRUE\n" +
        "alan@acme.example,Alan Turing,,,,,,no\n" +
        "grace@acme.example,Grace Hopper,,,,,,1\n" +
        "ken@acme.example,Ken Thompson,,,,,,\n",
      "users.csv",
    );
    expect(exp.groups).toEqual([]);
    expect(exp.users).toStrictEqual([
      {
        userName: "ada@acme.example",
        displayName: "Ada Lovelace",
        title: "Agent",
        externalId: "entra-1001",
        department: "Sales",
        division: "Home",
        employeeNumber: "1001",
        active: true,
        origin: "users.csv:2",
      },
      { userName: "alan@acme.example", displayName: "Alan Turing", active: false, origin: "users.csv:3" },
      { userName: "grace@acme.example", displayName: "Grace Hopper", active: true, origin: "users.csv:4" },
      { userName: "ken@acme.example", displayName: "Ken Thompson", origin: "users.csv:5" },
    ]);
  });

  test("reads only the required columns", () => {
    const exp = parseIdpExport('displayName,userName\n"Lovelace, Ada",ada@acme.example\n', "users.csv");
    expect(exp.users).toStrictEqual([
      { userName: "ada@acme.example", displayName: "Lovelace, Ada", origin: "users.csv:2" },
    ]);
  });

  test("fails on bad active values, blank required cells, bad emails and users twice across case", () => {
    const err = inputError(() =>
      parseIdpExport(
        "userName,displayName,active\nada@acme.example,Ada,maybe\n,Nobody,\nbob,Bob,\nalan@acme.example,,\nALAN@acme.example,Alan,\n",
        "users.csv",
      ),
    );
    expect(err.problems).toEqual([
      'users.csv:2: active "maybe" is not true/false, yes/no or 1/0',
      "users.csv:3: userName is blank; give the user's email",
      'users.csv:4: userName "bob" is not an email address; a Genesys userName is the user\'s email (x@y)',
      'users.csv:5: user "alan@acme.example" has a blank displayName; give the user\'s name',
      'users.csv:6: user "ALAN@acme.example" is listed twice (also at users.csv:5; userNames compare ignoring case); list each user once',
    ]);
  });

  test("fails on unknown columns and a missing required column", () => {
    expect(inputError(() => parseIdpExport("userName,displayName,email\na@x,A,a@x\n", "u.csv")).problems).toEqual([
      'u.csv:1: unknown column "email"; a users CSV has only userName, displayName, title, externalId, department, division, employeeNumber, active',
    ]);
    expect(inputError(() => parseIdpExport("userName,title\na@x,Agent\n", "u.csv")).problems).toEqual([
      "u.csv:1: a users CSV needs a displayName column",
    ]);
  });
});

describe("parseIdpExport: empty input and format", () => {
  test("fails on an empty file or one with only a byte order mark and spaces", () => {
    for (const text of ["", "\uFEFF  \n"]) {
      expect(inputError(() => parseIdpExport(text, "e.csv")).message).toBe(
        "e.csv: the IdP export is empty; export the SCIM-owned groups (or the users) as JSON or CSV",
      );
    }
  });

  test("sniffs JSON from a leading brace and CSV otherwise, unless told the format", () => {
    expect(parseIdpExport('\uFEFF  {"groups":[]}', "x").groups).toEqual([]);
    expect(parseIdpExport("group,userName\nG,a@x\n", "x").groups).toHaveLength(1);
    expect(inputError(() => parseIdpExport("group,userName\n", "x", "json")).message).toMatch(/^x: not valid JSON/);
  });
});

describe("readIdpExport", () => {
  const dir = tempDir("gcguard-idp-");

  test("takes the format from the extension, else sniffs it", () => {
    const json = path.join(dir, "a.JSON");
    writeFileSync(json, '{"groups":[{"displayName":"G","members":["a@x"]}]}');
    expect(readIdpExport(json).groups[0]?.origin).toBe("a.JSON groups[0]");
    const txt = path.join(dir, "a.txt");
    writeFileSync(txt, "group,userName\nG,a@x\n");
    expect(readIdpExport(txt).groups[0]?.origin).toBe("a.txt:2");
    const forced = path.join(dir, "export.csv");
    writeFileSync(forced, '{"groups":[]}');
    expect(readIdpExport(forced, { format: "json" }).groups).toEqual([]);
  });

  test("fails on a missing file, naming it and the fix", () => {
    const file = path.join(dir, "missing.json");
    const err = inputError(() => readIdpExport(file));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`cannot read IdP export ${file}: no such file; pass the path of a JSON or CSV export`);
    expect(inputError(() => readIdpExport(dir)).message).toContain(": it is a directory;");
  });

  test("reads the examples in examples/idp", () => {
    const groupsJson = readIdpExport(path.join(ROOT, "examples/idp/groups.json"));
    const groupsCsv = readIdpExport(path.join(ROOT, "examples/idp/groups.csv"));
    const strip = (g: { displayName: string; members: readonly unknown[] }) => [g.displayName, g.members.length];
    expect(groupsJson.groups.map(strip)).toEqual(groupsCsv.groups.map(strip));
    expect(groupsJson.groups.map((g) => g.displayName)).toContain("GC-Sales-Agents");
    const usersJson = readIdpExport(path.join(ROOT, "examples/idp/users.json"));
    const usersCsv = readIdpExport(path.join(ROOT, "examples/idp/users.csv"));
    const plain = (users: typeof usersJson.users) => users.map(({ origin: _origin, ...u }) => u);
    expect(plain(usersJson.users)).toEqual(plain(usersCsv.users));
    expect(usersCsv.users.length).toBeGreaterThan(0);
  });
});
