import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { withFlowNames } from "../../lib/plan/inputs/flow-file";
import type { PlannedChange } from "../../lib/plan/model";
import { tempDir } from "../helpers";

function flow(after: Record<string, unknown>, extra: Partial<PlannedChange> = {}): PlannedChange {
  return {
    address: "genesyscloud_flow.main",
    mode: "managed",
    type: "genesyscloud_flow",
    action: "create",
    after,
    ...extra,
  };
}

describe("withFlowNames", () => {
  test("the name and type come from the flow file after the substitutions, as the provider publishes it", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "flows"));
    writeFileSync(path.join(dir, "flows", "main.yaml"), "inboundCall:\n  name: {{flow_name}}\n  division: Home\n");
    const [resolved] = withFlowNames(
      [flow({ filepath: "flows/main.yaml", substitutions: { flow_name: "Main IVR" }, name: "stale hint" })],
      [dir],
    );
    expect(resolved?.after).toMatchObject({ name: "Main IVR", type: "inboundcall" });
    expect(resolved?.unknown).toBeUndefined();
  });

  test("looks for a relative path in each base folder in turn; an absolute path as given", () => {
    const dir = tempDir();
    const file = path.join(dir, "f.yaml");
    writeFileSync(file, "workflow:\n  name: Nightly\n");
    expect(withFlowNames([flow({ filepath: "f.yaml" })], ["/nonexistent", dir])[0]?.after?.name).toBe("Nightly");
    expect(withFlowNames([flow({ filepath: file })], [])[0]?.after?.type).toBe("workflow");
  });

  test.each([
    ["an S3 path", { filepath: "s3://bucket/flow.yaml" }, {}, "not on this machine"],
    ["a missing file", { filepath: "nope.yaml" }, {}, "was not found"],
    ["an unknown filepath", {}, { unknown: { filepath: "known only after apply" } }, "known only after apply"],
  ])("%s leaves the name unknown, with why", (_, after, extra, why) => {
    const dir = tempDir();
    const [resolved] = withFlowNames([flow(after, extra)], [dir]);
    expect(resolved?.unknown?.name).toContain(why);
    expect(resolved?.after?.name).toBeUndefined();
  });

  test("a substitution unknown at plan time, a file that is not YAML or has no <type>.name: unknown", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "sub.yaml"), "inboundCall:\n  name: {{n}}\n");
    writeFileSync(path.join(dir, "bad.yaml"), "inboundCall: [\n");
    writeFileSync(path.join(dir, "two.yaml"), "inboundCall:\n  name: A\nworkflow:\n  name: B\n");
    const unknownSubs = flow({ filepath: "sub.yaml", substitutions: {} }, { unknown: { substitutions: "x" } });
    const [sub, bad, two] = withFlowNames(
      [unknownSubs, flow({ filepath: "bad.yaml" }), flow({ filepath: "two.yaml" })],
      [dir],
    );
    expect(sub?.unknown?.name).toMatch(/substitution n is known only after apply/);
    expect(bad?.unknown?.name).toMatch(/not YAML/);
    expect(two?.unknown?.name).toMatch(/has no <flowType>.name/);
  });

  test("leaves other types, deletes and no-ops alone", () => {
    const skill: PlannedChange = { ...flow({ name: "S" }), type: "genesyscloud_routing_skill" };
    const gone: PlannedChange = { ...flow({}), action: "delete" };
    expect(withFlowNames([skill, gone], [])).toEqual([skill, gone]);
  });
});
