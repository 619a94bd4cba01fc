/**
 * The access tokens Entra ID has issued, by their unique id (the uti claim), so that a test can make
 * every token issued so far worthless in the middle of a deployment, as a revoked app secret or a
 * disabled service principal does, while tokens asked for afterwards work.
 */
export class IssuedTokens {
  /** uti to expiry (ms): the tokens still live, and those revoked before they expired. */
  private readonly live = new Map<string, number>();
  private readonly revoked = new Map<string, number>();

  record(uti: string, expiresAt: number, now = Date.now()) {
    // Forget the tokens that have expired anyway: a revoked one is refused for its expiry by then.
    for (const list of [this.live, this.revoked]) {
      for (const [id, expiry] of list) if (expiry <= now) list.delete(id);
    }
    this.live.set(uti, expiresAt);
  }

  /** Every token issued until now is refused from now on. */
  revokeAll() {
    for (const [id, expiry] of this.live) this.revoked.set(id, expiry);
    this.live.clear();
  }

  isRevoked(uti: unknown): boolean {
    return typeof uti === "string" && this.revoked.has(uti);
  }
}
