import type * as pulumi from "@pulumi/pulumi";
import type { ConnectorSyncInputs } from "./inputs";
import type { connectorSyncProvider } from "./lifecycle";
import type { ConnectorSyncOutputs } from "./outputs";

// Resolved from the provider process's working directory, the program's, where the package is installed.
const load = (): typeof connectorSyncProvider =>
  require("pulumi-intune-connector-sync/lifecycle").connectorSyncProvider;

/**
 * What the state stores as `__provider`: a few arrow functions that require the
 * implementation by package name when they run. The state stays small, holds
 * no absolute path, and resources created by an older version are handled by
 * the version installed now. Every byte here is stored twice per resource and
 * rewritten with each checkpoint, so there is no `delete`: a sync has no
 * inverse, and without one the engine simply forgets the resource.
 */
export const providerShim: pulumi.dynamic.ResourceProvider<ConnectorSyncInputs, ConnectorSyncOutputs> = {
  configure: (...a) => load().configure(...a),
  check: (...a) => load().check(...a),
  diff: (...a) => load().diff(...a),
  create: (...a) => load().create(...a),
  read: (...a) => load().read(...a),
  update: (...a) => load().update(...a),
};
