// A tenant's sync rate: the provider throttles its own sync requests so that
// Graph never has to. Intune publishes 100 writes per 20 s per app and tenant.
// A token bucket that drips `requests` per window and holds one token lets at
// most `requests` + 1 through in any window of that length, however it lies:
// the default 98 per 20 s, at most 99, never meets the limit. A bigger bucket
// would let a small stack through at once, but would have to drip slower for
// the first window's sake, and a big stack, which is where the rate binds,
// would take longer.
import { TokenBucket } from "limiter";
import { formatSyncRate, type SyncRate } from "./rate";

/** How often, at most, a tenant's waiting syncs are told of: a long stack never sits silent, nor floods the log. */
const tellEveryMs = 10_000;

/** Waits, when it must, until the tenant may send another sync request; says so now and then. */
export function pace(
  rate: SyncRate,
  tenantId: string,
  say: (line: string) => void,
  group = "enrollment",
): () => Promise<void> {
  const bucket = new TokenBucket({
    bucketSize: 1,
    tokensPerInterval: rate.requests,
    interval: rate.perSeconds * 1000,
  });
  // The library starts a bucket empty; a tenant's first sync need not wait.
  bucket.content = 1;
  let waiting = 0;
  let toldAt = Number.NEGATIVE_INFINITY;
  return async () => {
    if (bucket.tryRemoveTokens(1)) return;
    waiting++;
    if (Date.now() - toldAt >= tellEveryMs) {
      toldAt = Date.now();
      const seconds = Math.ceil((waiting * rate.perSeconds) / rate.requests);
      say(
        `ConnectorSync: ${waiting} sync(s) of tenant ${tenantId}, throttling group ${group}, wait for its sync rate (${formatSyncRate(rate)}, connectorSync:syncRate); about ${seconds} s to go.`,
      );
    }
    try {
      await bucket.removeTokens(1);
    } finally {
      waiting--;
    }
  };
}
