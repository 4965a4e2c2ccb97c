/** The shape of one entry of the kinds table (lib/org/kind-table/), and the kinds' ids. */

/** Every kind gcguard checks; each has one entry in lib/org/kind-table/. */
export const KIND_IDS = [
  "division",
  "group",
  "queue",
  "user",
  "skill",
  "language",
  "wrapupcode",
  "skillgroup",
  "utilizationlabel",
  "role",
  "team",
  "location",
  "schedule",
  "schedulegroup",
  "ivr",
  "emergencygroup",
  "flow",
  "datatable",
  "prompt",
  "grammar",
  "site",
  "contactlist",
  "campaign",
  "callabletimeset",
  "dnclist",
  "ruleset",
  "attemptlimit",
  "script",
  "knowledgebase",
  "webdeployment",
  "webdeploymentconfig",
  "trunkbasesettings",
] as const;

export type Kind = (typeof KIND_IDS)[number];

/**
 * How the org's objects of a kind are read for their names.
 *
 *   pages    a page-number listing (`pageNumber`, `pageSize`, `pageCount`), optionally filtered by name
 *   cursor   a cursor listing (`after` taken from `nextUri`), optionally filtered by name
 *   search   a Genesys search (`POST …/search`, EXACT on `field`, `valuesPerQuery` values a query, q64 next pages)
 */
export type ListSpec =
  | {
      readonly style: "pages" | "cursor";
      readonly path: string;
      /** The largest page size the listing allows (or the one the provider uses, when none is documented). */
      readonly pageSize: number;
      /** The query parameter that narrows the listing by name; absent: only the full listing finds a name. */
      readonly nameParam?: string;
      /** Fixed query parameters (e.g. a flow type, deleted users). */
      readonly query?: Readonly<Record<string, string>>;
    }
  | {
      readonly style: "search";
      readonly path: string;
      readonly field: string;
      readonly valuesPerQuery: number;
      readonly pageSize: number;
      /** Further criteria every query carries (users: every state, deleted included). */
      readonly criteria?: readonly Readonly<Record<string, unknown>>[];
    };

/** What the API answers when a create takes a name already in use (the emulator answers the same). */
export interface DuplicateAnswer {
  readonly status: 400 | 409;
  readonly code: string;
  readonly message: string;
}

export interface KindSpec {
  readonly kind: Kind;
  /** The provider's resource type. */
  readonly type: string;
  /** The word messages use: "skill group". */
  readonly noun: string;
  readonly plural: string;
  /** The Terraform attribute holding the unique name, and the API field it becomes. */
  readonly name: {
    readonly attribute: string;
    readonly field: string;
    /** The name and scope come from the flow file the change publishes (lib/org/flow-file.ts), not an attribute. */
    readonly fromFlowFile?: boolean;
  };
  /**
   * Where names must be unique: the whole org, or among objects sharing another attribute (flows: per flow type).
   * `attribute` is the Terraform attribute, `field` the API field, `values` maps Terraform values to API ones.
   */
  /**
   * An attribute that, when set, makes the create take over an existing object by design (a role with
   * `default_role_id`): such a change names nothing new, so no collision is checked.
   */
  readonly adoptsWhenSet?: string;
  readonly scope?: {
    readonly attribute: string;
    readonly field: string;
    readonly values?: Readonly<Record<string, string>>;
  };
  readonly list: ListSpec;
  /** The listing keeps soft-deleted objects, marked `state: "deleted"` (docs/kinds.md); readers skip them. */
  readonly listsDeleted?: boolean;
  /**
   * The full listing, for kinds whose `list` is a search (a search lists nothing without values): what
   * `gcguard snapshot` reads to copy every object of the kind (lib/snapshot/snapshot.ts).
   */
  readonly listAll?: Exclude<ListSpec, { readonly style: "search" }>;
  /** The id `terraform import` takes: the object's id for every kind so far. */
  readonly importId: "id";
  /** The permission that lists the kind, and the one that creates it. */
  readonly permissions: { readonly view: string; readonly add: string; readonly edit: string; readonly delete: string };
  readonly duplicate: DuplicateAnswer;
  /**
   * A create that meets an existing name takes that object over instead of failing (a flow publish replaces the
   * flow of the same name and type): the collision overwrites, rather than stops, the apply.
   */
  readonly takenOver?: boolean;
  /**
   * The provider's error summaries (Go format strings, `%s`/`%v` the name or id). `resourceType` is the type
   * its diagnostics' detail JSON names (the Terraform type for every kind so far).
   */
  readonly provider: {
    readonly create: readonly string[];
    readonly update?: readonly string[];
    /**
     * Which verb of the create formats (0-based) prints the name; null: none does (the still-empty id, a pointer,
     * `flowName: unavailable`), so resolve takes the name from the plan. Absent: the first verb.
     */
    readonly nameVerb?: number | null;
  };
  /** Where each fact comes from: a provider file, an SDK document (docs/kinds.md lists them). */
  readonly sources: {
    readonly name: string;
    readonly list: string;
    readonly duplicate: string;
    readonly provider: string;
    readonly importId: string;
  };
  /** Facts the sources do not settle (docs/kinds.md says what was assumed and why). */
  readonly unverified?: readonly ("scope" | "duplicate" | "pageSize" | "nameParam" | "permissions")[];
}
