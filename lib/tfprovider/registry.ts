/**
 * Which implementation serves which type name. The implementations come from ./resources (its index exports RESOURCES
 * and DATA_SOURCES); a type in the schema without one still validates and plans, and fails with a
 * clear diagnostic when Terraform needs to apply or read it.
 */
import { dataSources, resources } from "./resources";
import type { DataSourceImpl, ResourceImpl } from "./types";

export interface Registry {
  readonly resources: ReadonlyMap<string, ResourceImpl>;
  readonly dataSources: ReadonlyMap<string, DataSourceImpl>;
}

export function createRegistry(
  resourceImpls: readonly ResourceImpl[] = resources,
  dataSourceImpls: readonly DataSourceImpl[] = dataSources,
): Registry {
  return {
    resources: indexByTypeName(resourceImpls, "resource"),
    dataSources: indexByTypeName(dataSourceImpls, "data source"),
  };
}

function indexByTypeName<T extends { readonly typeName: string }>(impls: readonly T[], kind: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const impl of impls) {
    if (map.has(impl.typeName)) throw new Error(`two ${kind} implementations for ${impl.typeName}`);
    map.set(impl.typeName, impl);
  }
  return map;
}
