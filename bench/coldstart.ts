// Run in a fresh process by the benchmark: what a provider process does
// first. Times count from the process's start (performance.timeOrigin).
// A preview only checks and diffs, so it must load neither axios nor
// @azure/identity; the first sync loads them.
const heavy = ["/node_modules/axios/", "/node_modules/@azure/identity/", "/node_modules/@azure/msal-node/"];
const loaded = () =>
  heavy
    .filter((part) => Object.keys(require.cache).some((path) => path.includes(part)))
    .map((p) => p.split("/node_modules/")[1].replace(/\/$/, ""));

async function main() {
  // As the shim in the state does: require the lifecycle by package name.
  const { connectorSyncProvider: provider } = require("pulumi-intune-connector-sync/lifecycle");
  const news = { connectorId: process.env.CONNECTOR_ID, triggers: { version: 2 } };
  const { inputs } = await provider.check({}, news);
  await provider.diff("id", { ...inputs, triggers: { version: 1 } }, inputs);
  const previewMs = performance.now();
  const loadedInPreview = loaded();
  await provider.create(inputs);
  const firstSyncMs = performance.now();
  process.stdout.write(
    JSON.stringify({ previewMs, firstSyncMs, loadedInPreview, loadedAfterSync: loaded() }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
