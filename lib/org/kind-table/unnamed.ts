/**
 * Genesys resource types whose objects have no name that must be unique in the org: settings of the org or of
 * another object, grants, memberships, a local export, kinds whose names may repeat or that the provider adopts.
 * Nothing of theirs can collide, so coverage (lib/org/coverage.ts) counts them as nothing to check; the reasons and
 * their sources are in docs/kinds.md, "Types with no unique name".
 */
export const UNNAMED_TYPES: Readonly<Record<string, string>> = {
  genesyscloud_user_roles: "the roles granted to a user, keyed by the user",
  genesyscloud_group_roles: "the roles granted to a group, keyed by the group",
  genesyscloud_routing_settings: "the org's routing settings",
  genesyscloud_routing_utilization: "the org's utilization settings",
  genesyscloud_routing_queue_conditional_group_routing: "a queue's routing rules, keyed by the queue",
  genesyscloud_routing_queue_conditional_group_activation: "a queue's activation rules, keyed by the queue",
  genesyscloud_routing_queue_outbound_email_address: "a queue's outbound address, keyed by the queue",
  genesyscloud_outbound_settings: "the org's outbound settings",
  genesyscloud_outbound_wrapupcodemappings: "the org's wrap-up code mappings",
  genesyscloud_organization_authentication_settings: "the org's authentication settings",
  genesyscloud_conversations_messaging_settings_default: "the org's default messaging settings",
  genesyscloud_conversations_messaging_supportedcontent_default: "the org's default supported content",
  genesyscloud_flow_loglevel: "a flow's log level, keyed by the flow",
  genesyscloud_outbound_contact_list_contact: "a contact in a list, keyed by the list",
  genesyscloud_architect_datatable_row: "a row of a data table, keyed by the table",
  genesyscloud_tf_export: "a local export, not an object in the org",
  genesyscloud_integration: "names need not be unique (several of one type are normal), and the create sends none",
  genesyscloud_oauth_client: "names need not be unique: a client is known by its id",
  genesyscloud_routing_email_domain: "the provider adopts an existing domain of the same id instead of failing",
};
