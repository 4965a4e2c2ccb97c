/** OAuth token endpoint, the organization and its products (what the provider calls at start-up). */
import { basicCredentials, oauthError } from "../auth";
import type { RouteModule } from "../server";

export const authOrgRoutes: RouteModule = (app, ctx) => {
  // docs/genesys-api.md §1.1-1.3: Basic credentials, grant_type=client_credentials in a form body.
  app.post("/oauth/token", async (request, reply) => {
    const status = ctx.settings.oauthErrorStatus;
    const body = (request.body ?? {}) as Record<string, string>;
    const credentials = basicCredentials(request.headers.authorization);
    if (body.grant_type !== "client_credentials") {
      return reply.status(status).send(oauthError("unsupported_grant_type", "grant type not supported"));
    }
    const client = credentials && ctx.store.clients.get(credentials.id);
    if (!credentials || !client) return reply.status(status).send(oauthError("invalid_client", "client not found"));
    if (client.secret !== credentials.secret) {
      return reply.status(status).send(oauthError("invalid_client", "authentication failed"));
    }
    const lifetime = client.tokenLifetimeSeconds ?? ctx.settings.tokenLifetimeSeconds;
    return {
      access_token: ctx.tokens.issue(client.id, lifetime, ctx.clock.now()),
      token_type: "bearer",
      expires_in: lifetime,
    };
  });

  // docs/terraform-provider.md §1.3: the provider dereferences defaultCountryCode at start-up.
  app.get("/api/v2/organizations/me", async () => {
    const org = ctx.store.org;
    return {
      id: org.id,
      name: org.name,
      defaultCountryCode: org.defaultCountryCode,
      thirdPartyOrgName: org.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      domain: org.domain ?? "emulator.local",
      state: "active",
      version: 1,
      selfUri: `/api/v2/organizations/${org.id}`,
    };
  });

  // docs/terraform-provider.md §1.3: must return total and entities[{id}].
  app.get("/api/v2/authorization/products", async () => {
    const entities = ["purecloud", "cic"].map((id) => ({ id }));
    return { total: entities.length, entities };
  });
};
