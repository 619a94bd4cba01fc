import type { Agent } from "node:http";
import axios from "axios";
import { maxAnswerBytes, record } from "../graph/http";
import { assertSafeEndpoint } from "../graph/transport";

/** The audience Entra ID expects on a federated token from a pipeline. */
export const federatedAudience = "api://AzureADTokenExchange";

/** Three base64url parts, the first a JSON header ("eyJ"), within a size no real ID token nears. */
const jwtShape = /^eyJ[\w-]{1,4096}\.[\w-]{1,16384}\.[\w-]{1,4096}$/;

/**
 * GitHub Actions OIDC: the runner hands out an ID token for the audience we
 * ask, which Entra ID exchanges for a Graph token. No secret is stored anywhere.
 */
export function githubAssertion(
  env: NodeJS.ProcessEnv,
  httpsAgent?: Agent,
  timeoutMs = 30_000,
): () => Promise<string> {
  return async () => {
    // The request token is a bearer secret too: never over plain http off loopback.
    const url = assertSafeEndpoint(env.ACTIONS_ID_TOKEN_REQUEST_URL!, "ACTIONS_ID_TOKEN_REQUEST_URL");
    url.searchParams.set("audience", federatedAudience);
    try {
      const response = await axios.get<unknown>(url.toString(), {
        headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
        httpsAgent,
        timeout: timeoutMs,
        // A redirect would take the request token to wherever it points, and the assertion from there.
        maxRedirects: 0,
        maxContentLength: maxAnswerBytes,
        // The way out is the agent's (the provider's proxy policy), never axios's own.
        proxy: false,
      });
      const { value } = record(response.data);
      if (typeof value === "string" && jwtShape.test(value)) return value;
      throw new Error(
        `GitHub's ID token answer (${response.status}) holds no JWT: ACTIONS_ID_TOKEN_REQUEST_URL must be the runner's token service.`,
      );
    } catch (error) {
      if (!axios.isAxiosError(error)) throw error;
      // The axios error carries the request token in its headers: keep only the status.
      const { response, code } = record(error);
      if (code === "ECONNABORTED" || code === "ETIMEDOUT") {
        throw new Error(
          `GitHub's ID token service (ACTIONS_ID_TOKEN_REQUEST_URL) did not answer within ${timeoutMs / 1000} s.`,
        );
      }
      const status = record(response).status ?? code ?? "no answer";
      throw new Error(
        `GitHub refused an ID token (${status}): the job needs \`permissions: id-token: write\` and a federated credential on the app.`,
      );
    }
  };
}
