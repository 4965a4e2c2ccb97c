/**
 * Terraform state, in either form: the local state file (`terraform.<stack>.tfstate`, format version 4) or
 * `terraform show -json` of it (format_version 1.x, `values.root_module`). Yields the genesyscloud resources by
 * address with their attributes.
 */
import { z } from "zod";

import { InputError } from "../../errors";
import { isGenesysType, PASS_STATE, readJsonFile } from "./common";

export interface StateResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

const RawState = z.object({
  version: z.number(),
  resources: z
    .array(
      z.object({
        module: z.string().optional(),
        mode: z.enum(["managed", "data"]),
        type: z.string(),
        name: z.string(),
        instances: z.array(
          z.object({
            index_key: z.union([z.string(), z.number()]).optional(),
            attributes: z.custom<Record<string, unknown>>(isPlainObject, "must be an object").optional(),
          }),
        ),
      }),
    )
    .default([]),
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

interface JsonModule {
  resources?: { address: string; mode: "managed" | "data"; type: string; values?: Record<string, unknown> }[];
  child_modules?: JsonModule[];
}
const JsonState = z.object({
  format_version: z.string(),
  values: z.object({ root_module: z.unknown() }).optional(),
});

type RawStateData = z.infer<typeof RawState>;

/**
 * Whether `raw` has RawState's shape, checked in place. zod returns a copy of everything it checks, and at 100,000
 * resources the copies and the garbage collection they cause over the parsed state were most of the read
 * (bench/parse.md); zod still checks a state this rejects, for its messages.
 */
function isRawState(raw: unknown): raw is RawStateData {
  if (!isPlainObject(raw) || typeof raw.version !== "number") return false;
  const { resources } = raw;
  if (resources === undefined) return true;
  if (!Array.isArray(resources)) return false;
  return resources.every((r: unknown) => {
    if (!isPlainObject(r) || (r.module !== undefined && typeof r.module !== "string")) return false;
    if ((r.mode !== "managed" && r.mode !== "data") || typeof r.type !== "string" || typeof r.name !== "string")
      return false;
    return (
      Array.isArray(r.instances) &&
      r.instances.every((i: unknown) => {
        if (!isPlainObject(i) || (i.attributes !== undefined && !isPlainObject(i.attributes))) return false;
        const key = i.index_key;
        return key === undefined || typeof key === "string" || typeof key === "number";
      })
    );
  });
}

export function parseState(raw: unknown, file: string): StateResource[] {
  const asRaw = isRawState(raw) ? { success: true as const, data: raw } : RawState.safeParse(raw);
  if (asRaw.success) {
    if (asRaw.data.version !== 4) {
      throw new InputError(
        `${file}: state format version ${asRaw.data.version} is not supported; gcguard reads version 4 (Terraform 0.12 and later)`,
      );
    }
    return (asRaw.data.resources ?? [])
      .filter((r) => isGenesysType(r.type))
      .flatMap((r) =>
        r.instances.map((inst) => {
          const base = `${r.module ? `${r.module}.` : ""}${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`;
          const index =
            inst.index_key === undefined
              ? ""
              : typeof inst.index_key === "number"
                ? `[${inst.index_key}]`
                : `[${JSON.stringify(inst.index_key)}]`;
          return { address: base + index, mode: r.mode, type: r.type, attributes: inst.attributes ?? {} };
        }),
      );
  }
  const asJson = JsonState.safeParse(raw);
  if (asJson.success) {
    if (!/^1\.\d+$/.test(asJson.data.format_version)) {
      throw new InputError(
        `${file}: state format_version ${asJson.data.format_version} is not supported; gcguard reads 1.x`,
      );
    }
    if (raw && typeof raw === "object" && "resource_changes" in raw) {
      throw new InputError(`${file}: this is a plan, not a state; pass it with --plan`);
    }
    const out: StateResource[] = [];
    const walk = (m: JsonModule | undefined) => {
      for (const r of m?.resources ?? []) {
        if (isGenesysType(r.type))
          out.push({ address: r.address, mode: r.mode, type: r.type, attributes: r.values ?? {} });
      }
      for (const child of m?.child_modules ?? []) walk(child);
    };
    walk(asJson.data.values?.root_module as JsonModule | undefined);
    return out;
  }
  throw new InputError(
    `${file}: not a Terraform state (neither a .tfstate file nor 'terraform show -json' output); ${PASS_STATE}`,
  );
}

export function readStateFile(file: string): StateResource[] {
  return parseState(readJsonFile(file, "Terraform state", PASS_STATE), file);
}
