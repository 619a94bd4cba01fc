/**
 * What the state stores as `__provider`: the text of a module whose
 * `handler()` returns the provider, which is how Pulumi's dynamic-provider
 * plugin loads one. Pulumi would serialize a closure here (about 1.9 KiB);
 * this one line requires the implementation by package name instead, from the
 * program's folder, where the package is installed. So the state holds no
 * code and no path, every byte of it is stored twice per resource and
 * rewritten at every checkpoint, and resources created by an older version
 * are handled by the version installed now.
 */
export const providerModuleOf = (providerExport: string) =>
  `exports.handler=()=>require("pulumi-intune-connector-sync/lifecycle").${providerExport};`;

/**
 * ConnectorSync's line, written out byte for byte as every state since 0.1.0 holds it: never built,
 * so that no change to providerModuleOf can change it unseen (test/unit/shim.test.ts holds the two equal).
 */
export const providerModule =
  'exports.handler=()=>require("pulumi-intune-connector-sync/lifecycle").connectorSyncProvider;';

/** The released lines, written out; a new action's line is built until it is released and added here. */
const released: Readonly<Record<string, string>> = { connectorSyncProvider: providerModule };

/** The line a resource of this provider export stores. */
export const providerLineOf = (providerExport: string) =>
  released[providerExport] ?? providerModuleOf(providerExport);
