/** Locations and telephony sites. Facts and their sources: docs/kinds.md, "Locations and sites". */
import type { KindSpec } from "../kind-spec";
import { PROVIDER, SDK, unverifiedDuplicate } from "./shared";

const src = (dir: string, file = `resource_genesyscloud_${dir}.go`) => `${PROVIDER} genesyscloud/${dir}/${file}`;
const schema = (dir: string) => src(dir, `resource_genesyscloud_${dir}_schema.go`);

export const location: KindSpec = {
  kind: "location",
  listsDeleted: true,
  type: "genesyscloud_location",
  noun: "location",
  plural: "locations",
  name: { attribute: "name", field: "name" },
  // GET /locations has no name filter; the search does (the provider's data source uses it).
  list: { style: "search", path: "/api/v2/locations/search", field: "name", valuesPerQuery: 50, pageSize: 100 },
  // The full listing (no name filter); page size 100 as the provider's (its SDK doc gives no maximum).
  listAll: { style: "pages", path: "/api/v2/locations", pageSize: 100 },
  importId: "id",
  permissions: {
    view: "directory:location:view",
    add: "directory:location:add",
    edit: "directory:location:edit",
    delete: "directory:location:delete",
  },
  duplicate: unverifiedDuplicate("location"),
  provider: { create: ["Failed to create location %s error: %s"], update: ["Failed to update location %s error: %s"] },
  sources: {
    name: schema("location"),
    list:
      `${SDK} LocationsApi.md postLocationsSearch, getLocations; ` +
      `${PROVIDER} genesyscloud/location/data_source_genesyscloud_location.go, genesyscloud_location_proxy.go`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("location"),
    importId: schema("location"),
  },
  unverified: ["scope", "duplicate", "permissions"],
};

export const site: KindSpec = {
  kind: "site",
  listsDeleted: true,
  type: "genesyscloud_telephony_providers_edges_site",
  noun: "site",
  plural: "sites",
  name: { attribute: "name", field: "name" },
  list: {
    style: "search",
    path: "/api/v2/telephony/providers/edges/sites/search",
    field: "name",
    valuesPerQuery: 50,
    pageSize: 100,
  },
  // The full listing, page size 100 as the provider's. The provider lists managed=true and managed=false apart;
  // whether omitting `managed` returns both is unverified (docs/kinds.md, "Locations and sites").
  listAll: { style: "pages", path: "/api/v2/telephony/providers/edges/sites", pageSize: 100 },
  importId: "id",
  permissions: {
    view: "telephony:sites:view",
    add: "telephony:plugin:all",
    edit: "telephony:plugin:all",
    delete: "telephony:plugin:all",
  },
  duplicate: unverifiedDuplicate("site"),
  provider: { create: ["Failed to create site %s error: %s"], update: ["Failed to update site %s error: %s"] },
  sources: {
    name: schema("telephony_providers_edges_site"),
    list:
      `${SDK} TelephonyProvidersEdgeApi.md postTelephonyProvidersEdgesSitesSearch, getTelephonyProvidersEdgesSites; ` +
      `${PROVIDER} genesyscloud/telephony_providers_edges_site/genesyscloud_telephony_providers_edges_site_proxy.go`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("telephony_providers_edges_site"),
    importId: schema("telephony_providers_edges_site"),
  },
  unverified: ["scope", "duplicate"],
};
