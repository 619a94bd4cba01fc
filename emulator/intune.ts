// What the Intune service behind Graph puts in its answers. Graph forwards an Intune refusal with
// Intune's own text as error.message: a JSON document serialised into a string, which names an
// operation, an activity (the request id) and Intune's internal URL, and nothing else of use.
import { randomUUID } from "node:crypto";
import { actionOf } from "./actions/index";
import type { Context } from "./http";

// Made up in the style of the real ones (fef.<scale unit>.manage.microsoft.com/<service>/...): a
// client must treat the whole message as opaque, so only its shape matters.
const intuneHost = "https://fef.msub01.manage.microsoft.com";
const intuneService = "/StatelessExchangeConnectorFEService";
const intuneApiVersion = "5025-06-12";

/**
 * The request as Intune's OData routing sees it: the key in OData's form, the action qualified by
 * Intune's namespace, e.g. /…/deviceManagement/exchangeConnectors('id')/microsoft.management.services.api.sync.
 */
export function intunePath(ctx: Context): string {
  const action = actionOf(ctx.route);
  if (action) {
    // The other actions' routes: their own service, key and action, in the same form.
    let own = `${action.intuneService}/${action.path}`;
    if (ctx.entityId !== undefined) own += `('${ctx.entityId.replaceAll("'", "''")}')`;
    if (ctx.route === action.routes.sync) own += `/microsoft.management.services.api.${action.action}`;
    return own;
  }
  let path = `${intuneService}/deviceManagement/exchangeConnectors`;
  if (ctx.connectorId !== undefined) path += `('${ctx.connectorId.replaceAll("'", "''")}')`;
  if (ctx.route === "sync") path += "/microsoft.management.services.api.sync";
  return path;
}

/** Intune percent-encodes the key's parentheses and quotes in the URL its message quotes. */
function intuneUrl(ctx: Context): string {
  const encoded = intunePath(ctx).replace(
    /\('(.*)'\)/,
    (_, key: string) => `%28%27${encodeURIComponent(key)}%27%29`,
  );
  return `${intuneHost}${encoded}?api-version=${intuneApiVersion}`;
}

/**
 * Intune's error.message: two-space indented JSON with CRLF line ends, as it arrives. The Operation ID
 * is fresh for each error; the Activity ID is the request-id, as in the real ones.
 */
export function intuneMessage(ctx: Context, phrase = "An error has occurred"): string {
  const message = {
    _version: 3,
    Message: `${phrase} - Operation ID (for customer support): ${randomUUID()} - Activity ID: ${ctx.requestId} - Url: ${intuneUrl(ctx)} - CustomApiErrorPhrase: `,
    CustomApiErrorPhrase: "",
    RetryAfter: null,
    ErrorSourceService: "",
    HttpHeaders: "{}",
  };
  return JSON.stringify(message, null, 2).replaceAll("\n", "\r\n");
}
