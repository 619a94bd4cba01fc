// What Graph lets a token do with the connectors, per version, as the seed pages say.
import type { EmulatorConfig } from "./config";
import { graphError } from "./errors";
import type { Context, Reply } from "./http";

/** Microsoft Graph's application id, the same in every cloud. A token's aud may be it. */
export const graphAppId = "00000003-0000-0000-c000-000000000000";

const write = ["DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"];
const read = ["DeviceManagementServiceConfig.Read.All", "DeviceManagementConfiguration.Read.All"];

/**
 * The permissions of the seed pages. Beta: either ReadWrite.All, delegated or
 * application. v1.0: delegated DeviceManagementServiceConfig.ReadWrite.All
 * only; application permissions "Not supported" unless configured otherwise.
 */
export function allowed(
  apiVersion: string,
  kind: "app" | "user",
  writing: boolean,
  config: EmulatorConfig,
): string[] {
  if (apiVersion === "beta") return writing ? write : [...write, ...read];
  if (kind === "app" && !config.v1AcceptsApplicationTokens) return [];
  return writing ? [write[0]] : [write[0], read[0]];
}

const apiVersions = ["beta", "v1.0"];

/** A version Graph does not have is its 400 (not a 404), whatever the method. Any case will do. */
export function versionRefusal(ctx: Context, version: string): Reply | undefined {
  if (apiVersions.includes(version.toLowerCase())) return undefined;
  return graphError(ctx, 400, "BadRequest", `Invalid version: '${version}'. Use v1.0 or beta.`);
}
