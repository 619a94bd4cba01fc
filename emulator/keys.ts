import { randomUUID } from "node:crypto";
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
