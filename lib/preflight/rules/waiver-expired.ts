/**
 * GCG901 (error): a waiver past its `expires` date. Its findings come from the waivers (lib/preflight/waivers.ts),
 * not from the plan, so the runner does not run its check per stack; it is registered so that its level, code and
 * documentation live where every other rule's do.
 */
import type { RuleDefinition } from "../model";

export const waiverExpiredRule: RuleDefinition = {
  id: "waiver-expired",
  code: "GCG901",
  title: "Every waiver is within its expiry date",
  description: "No waiver in effect is past the last day its expires field allows.",
  check: () => ({ applicable: false, findings: [] }),
};
