import { randomUUID } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import type { JWTPayload } from "jose";
import type { SigningKey } from "./keys";

/** The audience a federated token carries for Entra ID, as pipelines mint it. */
export const exchangeAudience = "api://AzureADTokenExchange";

const base = "/oidc";
/** Where the issuer publishes itself: OIDC Discovery puts the document under the issuer URL. */
export const oidcPaths = { discovery: `${base}/.well-known/openid-configuration`, keys: `${base}/keys` };

export interface MintOptions {
  subject: string;
  audience?: string;
  lifetimeSeconds?: number;
  claims?: JWTPayload;
}

/**
 * A small OIDC issuer, standing in for GitHub Actions, a Kubernetes service
 * account issuer or Azure Pipelines: it mints the federated tokens that Entra
 * ID exchanges for access tokens.
 */
export class OidcIssuer {
  readonly issuer: string;

  constructor(
    private readonly origin: string,
    readonly key: SigningKey,
  ) {
    this.issuer = `${origin}${base}`;
  }

  /** The discovery document a verifier reads to find the issuer's keys. */
  discovery() {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.origin}${oidcPaths.keys}`,
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
    };
  }

  mintToken(options: MintOptions): Promise<string> {
    const { subject, audience = exchangeAudience, lifetimeSeconds = 600, claims = {} } = options;
    return this.key.sign(
      { ...claims, iss: this.issuer, sub: subject, aud: audience, jti: randomUUID() },
      lifetimeSeconds,
    );
  }

  /**
   * Writes a token where a workload identity (AZURE_FEDERATED_TOKEN_FILE) expects it, readable by its
   * owner alone (0600) whatever was there before: a file that exists keeps its mode when written
   * over, so the token goes to a fresh file beside it, renamed into place. No reader ever sees it
   * under the old mode, nor half written.
   */
  async writeTokenFile(path: string, options: MintOptions): Promise<string> {
    const token = await this.mintToken(options);
    const fresh = `${path}.${randomUUID()}.tmp`;
    writeFileSync(fresh, token, { mode: 0o600, flag: "wx" });
    try {
      renameSync(fresh, path);
    } catch (error) {
      rmSync(fresh, { force: true });
      throw error;
    }
    return path;
  }
}
