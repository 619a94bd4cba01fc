import type { AccessToken, TokenCredential } from "@azure/identity";
import type { ConnectorSyncError } from "../errors";
import type { TokenSource } from "../graph/client";

/** A token is renewed this long before it expires, so that no request leaves with one about to. */
const renewBeforeMs = 120_000;

/**
 * One credential's Graph token for the whole process, and one token request in flight at a time,
 * so that a deployment of many resources asks Entra ID for one token per tenant.
 *
 * @azure/identity (MSAL) keeps a cache of its own in each credential, and hands back the same token
 * until it nears expiry: a token Graph refused (revoked, or expired early) would come back again.
 * So a renewal builds the credential anew, whose empty cache makes its first request reach Entra ID.
 */
export class CachedToken implements TokenSource {
  private credential: TokenCredential;
  private current?: AccessToken;
  /** The token request in flight, which every caller shares, with the signal that bounds it. */
  private pending?: { token: Promise<AccessToken>; abortSignal: AbortSignal };

  constructor(
    private readonly build: () => TokenCredential,
    private readonly scope: string,
    /** The error for a token request that failed, or that had no answer within `timeoutMs`. */
    private readonly refused: (error: unknown, timedOut: boolean) => ConnectorSyncError,
    /** The longest a token request may take, every request it makes included. */
    private readonly timeoutMs: number,
  ) {
    this.credential = build();
  }

  async get(): Promise<{ token: string; cached: boolean }> {
    const current = this.current;
    if (current && current.expiresOnTimestamp - Date.now() > renewBeforeMs) {
      return { token: current.token, cached: true };
    }
    return { token: await this.request(), cached: false };
  }

  async renew(refused: string): Promise<string> {
    // Another caller refused the same token may be renewing it, or have renewed it already.
    await this.pending?.token.catch(() => undefined);
    if (this.current && this.current.token !== refused) return this.current.token;
    this.credential = this.build();
    this.current = undefined;
    return this.request();
  }

  private async request(): Promise<string> {
    this.pending ??= this.start();
    const { token, abortSignal } = this.pending;
    try {
      return (await token).token;
    } catch (error) {
      // Judged by the shared request's own signal: a caller that joined it late timed out with it.
      throw this.refused(error, abortSignal.aborted);
    }
  }

  // An Entra ID (or a pipeline's OIDC service) that takes the connection and never answers would
  // hang the deployment, holding the tenant's place: the request is aborted, and given up on, in time.
  private start() {
    const abortSignal = AbortSignal.timeout(this.timeoutMs);
    const token = Promise.race([
      this.credential.getToken(this.scope, { abortSignal }),
      new Promise<never>((_, reject) => {
        abortSignal.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
      }),
    ])
      .then((token) => {
        if (!token) throw new Error("the credential returned no token");
        this.current = token;
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return { token, abortSignal };
  }
}
