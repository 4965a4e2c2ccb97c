export * from "./division";
export * from "./scim-group";
export * from "./queue-mapping";
