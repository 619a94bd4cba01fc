// Whether the engine that started this provider process is still there.
//
// The Pulumi CLI starts the dynamic provider as `node <@pulumi/pulumi/cmd/dynamic-provider> [flags]
// <engine address>`, through the SDK's shell script (pulumi-resource-pulumi-nodejs), in a process
// group of its own. When the CLI dies without stopping its plugins (a SIGKILL, a runner that kills
// it alone), nothing tells the provider: its parent is still that shell, which waits for it, so
// process.ppid does not change; no signal reaches its group; and its gRPC server keeps it alive
// for good. It would go on sending the syncs it holds (paced, or between retries), none of which
// the dead CLI records, so that the next `up` sends each again.
//
// The engine address is the CLI's own gRPC server, on 127.0.0.1: the moment the CLI is gone, a
// connection there is refused. A loopback connect costs well under a millisecond, so the provider
// asks before each sync request and at each poll of a wait, and exits when the answer is a refusal.
// Anything else (connected, a timeout, another error) keeps it going: a busy engine is an engine.
import { connect } from "node:net";

/** How long a probe may take before it counts as "still there": a live loopback listener accepts at once. */
const probeTimeoutMs = 2000;

/** The engine's address when this process is the SDK's dynamic provider, else undefined (a test, a script). */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const script = (argv[1] ?? "").replaceAll("\\", "/");
  const address = argv.at(-1) ?? "";
  if (!/\/cmd\/dynamic-provider(\/index\.js)?$/.test(script)) return undefined;
  return /^127\.0\.0\.1:\d{1,5}$/.test(address) ? address : undefined;
}

/** True only when a connection to the address is refused: nothing listens there any more. */
export function connectionRefused(address: string): Promise<boolean> {
  const [host, port] = address.split(":");
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: probeTimeoutMs });
    const settle = (refused: boolean) => {
      socket.destroy();
      resolve(refused);
    };
    socket.once("connect", () => settle(false));
    socket.once("timeout", () => settle(false));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code === "ECONNREFUSED"));
  });
}

export interface EngineWatch {
  address: string | undefined;
  refused: (address: string) => Promise<boolean>;
  /** Ends the process; never returns. */
  exit: () => never;
}

/** A check that ends the process when the engine is gone, and otherwise returns. */
export function engineGuard({ address, refused, exit }: EngineWatch): () => Promise<void> {
  return async () => {
    if (address !== undefined && (await refused(address))) exit();
  };
}

/**
 * Exits the process, at once and whatever else is under way, rather than throws: a throw would stop
 * one sync, while others wait in the same process for their pace, a retry or a poll, and the
 * gRPC server would keep the process alive with no one left to call it. Nothing is lost: the
 * state these syncs would be recorded in was the CLI's.
 */
function leave(): never {
  try {
    // Most likely unread: this stderr was a pipe to the CLI.
    process.stderr.write(
      "ConnectorSync: the Pulumi engine that started this provider is gone; sending nothing more.\n",
    );
  } catch {}
  process.exit(1);
}

/** Before a sync request and at each poll: exits the process when the engine that started it is gone. */
export const exitIfEngineGone = engineGuard({
  address: engineAddress(),
  refused: connectionRefused,
  exit: leave,
});

/**
 * The same check on a timer, for an orphan with nothing left to send or poll, which no request would
 * ever check for: it exits too. The timer keeps no process alive. Started once, by `configure`.
 */
export function watchEngine(
  check: () => Promise<void> = exitIfEngineGone,
  everyMs = 10_000,
  address = engineAddress(),
) {
  if (watching !== undefined || address === undefined) return watching;
  watching = setInterval(() => void check(), everyMs);
  watching.unref();
  return watching;
}
let watching: NodeJS.Timeout | undefined;
