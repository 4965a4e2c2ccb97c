/**
 * Errors as Genesys sends them: the platform ErrorBody (docs/genesys-api.md §2.1) and the SCIM error (§7.5).
 * Route handlers throw these; the server renders them with the request's correlation id.
 */
import type { ErrorSpec } from "./settings";
import { fill } from "./settings";

export interface ErrorDetail {
  readonly errorCode?: string;
  readonly fieldName?: string;
  readonly entityId?: string;
  readonly entityName?: string;
}

export type MessageParams = Readonly<Record<string, string>>;

/**
 * A platform error. Built from a template and its values, as Genesys sends them (docs/genesys-api.md §2.1):
 * `messageWithParams` is the template with `{param}` placeholders, `messageParams` the values, and `message` the
 * filled-in text. A request's values go into the params, never into the template.
 */
export class ApiError extends Error {
  /** The `{param}` template of the message. */
  readonly template: string;

  constructor(
    readonly status: number,
    readonly code: string,
    template: string,
    readonly extra: {
      readonly messageParams?: MessageParams;
      readonly entityId?: string;
      readonly entityName?: string;
      readonly details?: readonly ErrorDetail[];
    } = {},
  ) {
    super(fill(template, extra.messageParams ?? {}));
    this.template = template;
  }

  static from(spec: ErrorSpec, params: MessageParams = {}): ApiError {
    return new ApiError(spec.status, spec.code, spec.message, { messageParams: params });
  }

  body(correlationId: string): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      ...(this.extra.entityId ? { entityId: this.extra.entityId } : {}),
      ...(this.extra.entityName ? { entityName: this.extra.entityName } : {}),
      messageWithParams: this.template,
      messageParams: this.extra.messageParams ?? {},
      contextId: correlationId,
      details: this.extra.details ?? [],
      errors: [],
    };
  }
}

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A SCIM error (RFC 7644 §3.12): `status` is a string. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    detail: string,
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

/** A 404; `what` is the emulator's noun for the object (Genesys words this message per service). */
export const notFound = (what: string, id: string): ApiError =>
  new ApiError(404, "not.found", `Unable to find a ${what} with that id`, { entityId: id });

/** A 400; the template's `{param}` placeholders are filled from `params` (the request's values go there). */
export const badRequest = (template: string, code = "bad.request", params: MessageParams = {}): ApiError =>
  new ApiError(400, code, template, { messageParams: params });

/** Required fields without a value, as Genesys names them (400 required.field.missing, one detail per field). */
export const missingFields = (fieldNames: readonly string[]): ApiError =>
  new ApiError(400, "required.field.missing", "A required field is missing a value.", {
    details: fieldNames.map((fieldName) => ({ fieldName })),
  });

/**
 * 403 for a route that needs any one of several permissions (docs/genesys-api.md §2.1 `missing.any.permissions`);
 * the wording is the emulator's (unverified), and clients must not parse it.
 */
export const missingAnyPermissions = (permissions: readonly string[]): ApiError =>
  new ApiError(
    403,
    "missing.any.permissions",
    "Unable to perform the requested action. You need at least one of the following permission(s): {permissions}",
    { messageParams: { permissions: permissions.join(", ") } },
  );

export const missingPermissions = (permissions: readonly string[]): ApiError =>
  new ApiError(
    403,
    "missing.permissions",
    "Unable to perform the requested action. You are missing the following permission(s): {permissions}",
    { messageParams: { permissions: permissions.join(", ") } },
  );
