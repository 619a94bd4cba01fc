import type * as pulumi from "@pulumi/pulumi";

// Resolved from the provider process's working directory, the program's, where the package is installed.
const load = () => require("pulumi-intune-connector-sync/lifecycle").connectorSyncProvider;

/**
 * What the state stores as `__provider`: a few arrow functions that require the
 * implementation by package name when they run. The state stays small, holds
 * no absolute path, and resources created by an older version are handled by
 * the version installed now.
 */
export const providerShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => load().configure(req),
  check: (olds, news) => load().check(olds, news),
  diff: (id, olds, news) => load().diff(id, olds, news),
  create: (inputs) => load().create(inputs),
  read: (id, props) => load().read(id, props),
  update: (id, olds, news) => load().update(id, olds, news),
  delete: (id, props) => load().delete(id, props),
};
