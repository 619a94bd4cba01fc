import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  type KeyLike,
  SignJWT,
} from "jose";

/** The audience a federated token carries for Entra ID, as pipelines mint it. */
export const exchangeAudience = "api://AzureADTokenExchange";

/** An RS256 signing key and the JWKS that publishes it. */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyLike,
    readonly jwks: JSONWebKeySet,
    readonly verifyKey: JWTVerifyGetKey,
    private readonly kid: string,
  ) {}

  static async create(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID().replaceAll("-", "").slice(0, 27);
    const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    const jwks = { keys: [jwk] };
    return new SigningKey(privateKey, jwks, createLocalJWKSet(jwks), kid);
  }

  sign(claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: this.kid })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.privateKey);
  }

  async verify(token: string) {
    return (await jwtVerify(token, this.verifyKey, { algorithms: ["RS256"] })).payload;
  }
}

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
  constructor(
    readonly issuer: string,
    readonly key: SigningKey,
  ) {}

  mintToken(options: MintOptions): Promise<string> {
    const { subject, audience = exchangeAudience, lifetimeSeconds = 600, claims = {} } = options;
    return this.key.sign(
      { ...claims, iss: this.issuer, sub: subject, aud: audience, jti: randomUUID() },
      lifetimeSeconds,
    );
  }

  /** Writes a token where a workload identity (AZURE_FEDERATED_TOKEN_FILE) expects it. */
  async writeTokenFile(path: string, options: MintOptions): Promise<string> {
    writeFileSync(path, await this.mintToken(options), { mode: 0o600 });
    return path;
  }
}
