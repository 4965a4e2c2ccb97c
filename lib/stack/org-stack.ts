/**
 * One Terraform stack per org, built from its resolved config entry. Addresses derive from entry keys
 * (`genesyscloud_auth_division.<key>`), never from list positions, so reordering the config moves nothing.
 */
import { GenesyscloudProvider } from "@cdktf/provider-genesyscloud/lib/provider";
import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";

import type { IDivision, IGroup } from "../../constructs";
import { Division, QueueMapping, ScimGroup } from "../../constructs";
import type { AppliedAdoptions } from "../adoption/apply";
import { applyAdoptions } from "../adoption/apply";
import type { AdoptionEntry } from "../adoption/manifest";
import type { ResolvedOrg } from "../config/load";

export class OrgStack extends TerraformStack {
  readonly org: ResolvedOrg;
  readonly adoptions: AppliedAdoptions;

  constructor(scope: Construct, org: ResolvedOrg, adoptions: Readonly<Record<string, AdoptionEntry>> = {}) {
    super(scope, org.name);
    this.org = org;
    // Relative, so the synthesized JSON carries no path of the build machine. Terraform runs in
    // cdktf.out/stacks/<name>, so this is the project root, where cdktf would put it by default.
    new LocalBackend(this, { path: `../../../terraform.${org.name}.tfstate` });
    new GenesyscloudProvider(this, "genesyscloud", org.region ? { awsRegion: org.region } : {});

    const divisions = this.renderDivisions(new Construct(this, "divisions"));
    const groups = this.renderGroups(new Construct(this, "groups"));
    this.renderQueues(new Construct(this, "queues"), divisions, groups);
    this.adoptions = applyAdoptions(this, adoptions);
  }

  private renderDivisions(scope: Construct): Map<string, IDivision> {
    const out = new Map<string, IDivision>();
    for (const d of this.org.divisions) {
      const terraformName = d.key;
      const division =
        d.mode === "home"
          ? Division.home(scope, d.key, { terraformName })
          : d.mode === "lookup"
            ? Division.fromName(scope, d.key, d.name, { terraformName })
            : new Division(scope, d.key, {
                name: d.name,
                description: d.description,
                preventDestroy: d.preventDestroy,
                terraformName,
              });
      out.set(d.key, division);
    }
    return out;
  }

  private renderGroups(scope: Construct): Map<string, IGroup> {
    const out = new Map<string, IGroup>();
    for (const g of this.org.scimGroups) {
      out.set(
        g.key,
        new ScimGroup(scope, g.key, {
          name: g.name,
          mode: g.mode,
          description: g.description,
          preventDestroy: g.preventDestroy,
          // The config's settings schema is generated from the same provider schema as the bindings' types.
          settings: g.settings,
          terraformName: g.key,
        }),
      );
    }
    return out;
  }

  private renderQueues(scope: Construct, divisions: Map<string, IDivision>, groups: Map<string, IGroup>): void {
    for (const q of this.org.queues) {
      new QueueMapping(scope, q.key, {
        name: q.name,
        division: q.divisionKey === undefined ? undefined : divisions.get(q.divisionKey),
        groups: q.groupKeys.map((k) => groups.get(k) as IGroup),
        members: q.members,
        preventDestroy: q.preventDestroy,
        settings: q.settings,
        terraformName: q.key,
      });
    }
  }
}
