/**
 * The shape of one waiver entry, shared by the config's `waivers:` list (lib/config/schema.ts) and the waiver file
 * (lib/preflight/waivers.ts). A leaf module, so the config schema can use it without importing the preflight.
 */
import { z } from "zod";

export const WaiverEntry = z
  .strictObject({
    rule: z.string().min(1).describe("The rule's code (GCG101) or id (name-collision)."),
    address: z.string().min(1).describe("The Terraform address the finding is about."),
    stack: z.string().min(1).optional().describe("Only in this stack. Default: every stack."),
    reason: z.string().trim().min(1).describe("Why the finding is accepted; shown wherever the finding is."),
    expires: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "is not a date; write YYYY-MM-DD" })
      .optional()
      .describe("Last day (UTC, YYYY-MM-DD) the waiver applies; after it, the waiver is a finding (GCG901)."),
  })
  .describe("A preflight finding accepted on purpose (README.md, Preflight, Waivers).");
export type WaiverEntry = z.infer<typeof WaiverEntry>;
