import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { AuthDivision } from "@cdktf/provider-genesyscloud/lib/auth-division";
import { DataGenesyscloudAuthDivision } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-auth-division";
import { DataGenesyscloudAuthDivisionHome } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-auth-division-home";
import { DataGenesyscloudGroup } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-group";
import { DataGenesyscloudRoutingQueue } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-routing-queue";
import { DataGenesyscloudUser } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-user";
import { Group } from "@cdktf/provider-genesyscloud/lib/group";
import { GroupRoles } from "@cdktf/provider-genesyscloud/lib/group-roles";
import { GenesyscloudProvider } from "@cdktf/provider-genesyscloud/lib/provider";
import { RoutingQueue } from "@cdktf/provider-genesyscloud/lib/routing-queue";
import { User } from "@cdktf/provider-genesyscloud/lib/user";
import { UserRoles } from "@cdktf/provider-genesyscloud/lib/user-roles";
import { describe, expect, test } from "vitest";

import { synthIn } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const schema = JSON.parse(readFileSync(path.join(ROOT, "lib/provider-genesyscloud/schema.json"), "utf8")) as {
  provider_schemas: Record<
    string,
    {
      provider: { block: Block };
      resource_schemas: Record<string, { block: Block }>;
      data_source_schemas: Record<string, { block: Block }>;
    }
  >;
};
interface Block {
  attributes?: Record<string, { sensitive?: boolean; required?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; max_items?: number; block: Block }>;
}
const provider = schema.provider_schemas["registry.terraform.io/mypurecloud/genesyscloud"]!;

describe("generated genesyscloud bindings", () => {
  test("cover every in-scope resource and data source of the checked-in schema", () => {
    const resources = [AuthDivision, Group, RoutingQueue, User, UserRoles, GroupRoles].map((c) => c.tfResourceType);
    const dataSources = [
      DataGenesyscloudAuthDivision,
      DataGenesyscloudAuthDivisionHome,
      DataGenesyscloudGroup,
      DataGenesyscloudRoutingQueue,
      DataGenesyscloudUser,
    ].map((c) => c.tfResourceType);
    expect(Object.keys(provider.resource_schemas).sort()).toEqual([...resources].sort());
    expect(Object.keys(provider.data_source_schemas).sort()).toEqual([...dataSources].sort());
  });

  test("the schema keeps the provider's secrets sensitive and its gateway block for local endpoints", () => {
    expect(provider.provider.block.attributes?.oauthclient_secret?.sensitive).toBe(true);
    expect(provider.resource_schemas.genesyscloud_user?.block.attributes?.password?.sensitive).toBe(true);
    expect(Object.keys(provider.provider.block.block_types?.gateway?.block.attributes ?? {}).sort()).toEqual([
      "host",
      "port",
      "protocol",
    ]);
    const queueBlocks = Object.keys(provider.resource_schemas.genesyscloud_routing_queue?.block.block_types ?? {});
    for (const block of [
      "members",
      "bullseye_rings",
      "routing_rules",
      "media_settings_call",
      "media_settings_callback",
      "media_settings_chat",
      "media_settings_email",
      "media_settings_message",
    ]) {
      expect(queueBlocks).toContain(block);
    }
  });

  test("stacks pin the provider as mypurecloud/genesyscloud ~> 1.84", () => {
    // Testing.synth drops the terraform block, so read the provider's own metadata instead.
    expect(GenesyscloudProvider.tfResourceType).toBe("genesyscloud");
    const json = synthIn(
      (stack) =>
        new GenesyscloudProvider(stack, "gc", { gateway: [{ host: "127.0.0.1", port: "8080", protocol: "http" }] }),
    );
    expect(json.provider?.genesyscloud).toEqual([{ gateway: [{ host: "127.0.0.1", port: "8080", protocol: "http" }] }]);
    const generated = readFileSync(path.join(ROOT, "lib/provider-genesyscloud/lib/provider/index.ts"), "utf8");
    expect(generated).toContain("providerVersionConstraint: '~> 1.84'");
    expect(generated).toContain("terraformProviderSource: 'mypurecloud/genesyscloud'");
  });

  test("regeneration is skipped when the schema has not changed", () => {
    const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), "scripts/gen-provider.ts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("gen-provider: bindings are up to date");
  });
});
