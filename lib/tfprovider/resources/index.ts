/** The resources and data sources of the emulator-backed provider, by Terraform type name. */
import type { DataSourceImpl, ResourceImpl } from "../types";
import {
  divisionDataSource,
  groupDataSource,
  homeDivisionDataSource,
  queueDataSource,
  userDataSource,
} from "./data-sources";
import { divisionResource } from "./division";
import { groupResource } from "./group";
import { queueResource } from "./queue";
import { settle } from "./state";
import { userResource } from "./user";

/** After apply no value may stay unknown: every resource's apply result is settled (Unknown → null). */
function settled(impl: ResourceImpl): ResourceImpl {
  return {
    ...impl,
    apply: async (req, ctx) => {
      const result = await impl.apply(req, ctx);
      return result.state ? { ...result, state: settle(result.state) } : result;
    },
  };
}

export const resources: readonly ResourceImpl[] = [divisionResource, groupResource, queueResource, userResource].map(
  settled,
);

export const dataSources: readonly DataSourceImpl[] = [
  divisionDataSource,
  homeDivisionDataSource,
  groupDataSource,
  queueDataSource,
  userDataSource,
];

export const resourceByType = (typeName: string): ResourceImpl | undefined =>
  resources.find((r) => r.typeName === typeName);
export const dataSourceByType = (typeName: string): DataSourceImpl | undefined =>
  dataSources.find((d) => d.typeName === typeName);

export { divisionResource, groupResource, queueResource, userResource };

/** Upper-case aliases (the registry has imported both spellings). */
export const RESOURCES = resources;
export const DATA_SOURCES = dataSources;
