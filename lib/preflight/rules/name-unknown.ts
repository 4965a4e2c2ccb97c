/**
 * GCG105 (unverified): a planned create, rename or import of a checked kind whose name is not known before apply: a
 * name built from another resource's attribute (`after_unknown`), or a flow whose file cannot be read here. gcguard
 * cannot compare a name it does not have, and passing it would be the gate failing open, so it cannot verify (exit 3
 * unless --allow-unverified).
 */
import { unknownNames } from "../../org/planned";
import type { UnknownName } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";

function finding({ change, spec, why }: UnknownName): FindingDraft {
  const what = spec.name.fromFlowFile ? "its name and type (from its flow file)" : `its ${spec.name.attribute}`;
  return {
    address: change.address,
    message: `the ${spec.noun} name of ${change.address} cannot be checked: ${why}`,
    detail:
      `${change.address} would ${change.action === "create" ? "create" : `${change.action}`} a ${spec.noun}, but ` +
      `${what} is not known before apply (${why}), so gcguard cannot tell whether the org already uses it.`,
    remediation: spec.name.fromFlowFile
      ? "Run the preflight where the flow files are (the folder terraform ran in), with every substitution known " +
        "at plan time; or pass --allow-unverified to accept the gap."
      : `Give ${change.address} a ${spec.name.attribute} known at plan time (a literal or a variable, not another ` +
        "resource's attribute); or check the name by hand and pass --allow-unverified.",
  };
}

export const nameUnknownRule: RuleDefinition = {
  id: "name-unknown",
  code: "GCG105",
  title: "Planned names are known before apply",
  description: "Every create, rename or import of a checked kind has a name gcguard can compare with the org.",
  check: ({ plan }) => {
    const unknown = unknownNames(plan);
    return { applicable: unknown.length > 0, findings: unknown.map(finding) };
  },
};
