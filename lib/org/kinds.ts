/** The Genesys kinds whose names must be unique in an org. */
export type Kind = "division" | "group" | "queue";

export const KIND_OF_TYPE: Readonly<Record<string, Kind>> = {
  genesyscloud_auth_division: "division",
  genesyscloud_group: "group",
  genesyscloud_routing_queue: "queue",
};
