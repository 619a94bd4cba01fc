// What names a tenant: one idea, for the input `tenantId` and the setting `connectorSync:tenantId`.
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domain = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const tenantRule = "a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com";

export const isGuid = (value: unknown): value is string => typeof value === "string" && guid.test(value);

/** The tenant as given, when it is a GUID or a domain name: nothing else reaches a URL path. */
export const parseTenant = (value: unknown): string | undefined =>
  typeof value === "string" && (guid.test(value) || domain.test(value)) ? value : undefined;
