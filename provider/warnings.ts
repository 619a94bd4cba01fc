// A warning the engine counts as one: `pulumi up` shows it under "Diagnostics" as a warning, and
// the Automation API reports a diagnosticEvent of severity "warning". Lines on stderr are not.
import type * as Pulumi from "@pulumi/pulumi";

// Loaded with the first warning, not with the provider: the SDK's whole index (the Automation API
// included) costs every provider process, every preview among them, a tenth of a second to compile.
const sdk = (): Promise<typeof Pulumi> => import("@pulumi/pulumi");

/**
 * The engine starts a dynamic provider as `node …/cmd/dynamic-provider <engine address>`. The SDK
 * checks that the address is there but never connects to it (pulumi/pulumi#6065), so
 * `pulumi.log.warn` in that process falls back to stderr. Giving the SDK the address connects it.
 */
function engineAddress(argv = process.argv): string | undefined {
  const [, script = "", address = ""] = argv;
  const isDynamicProvider = /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script);
  return isDynamicProvider && /^[\w.-]+:\d+$/.test(address) ? address : undefined;
}

let connected = false;

/** In the provider process, connects `pulumi.log` to the engine, once; elsewhere does nothing. */
function connectProviderProcess(pulumi: typeof Pulumi): void {
  const address = connected ? undefined : engineAddress();
  if (!address) return;
  // resetOptions is the SDK's public way to set the address. The provider process has no monitor
  // and runs no program, so what else it resets is unused there; the project and stack stay.
  pulumi.runtime.resetOptions(
    pulumi.getProject(),
    pulumi.getStack(),
    -1,
    address,
    "",
    pulumi.runtime.isDryRun(),
    "",
  );
  connected = true;
}

/**
 * Sends a warning to the engine. A program is connected already; with no engine at all (the
 * provider driven directly, as the integration tests do) the SDK prints it on stderr.
 */
export async function engineWarning(message: string): Promise<void> {
  const pulumi = await sdk();
  connectProviderProcess(pulumi);
  await pulumi.log.warn(message);
}

/**
 * Sends an info line to the engine (a diagnostic it keeps), as engineWarning sends a warning. With no
 * engine (the provider driven directly) it goes to stderr: the SDK would print it on stdout, which a
 * caller may read for its own output.
 */
export async function engineInfo(message: string): Promise<void> {
  if (!connected && engineAddress() === undefined) {
    console.error(message);
    return;
  }
  const pulumi = await sdk();
  connectProviderProcess(pulumi);
  await pulumi.log.info(message);
}
