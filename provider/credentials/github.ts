import type { Agent } from "node:http";
import axios from "axios";
import { record } from "../graph/http";
import { assertSafeEndpoint } from "../graph/transport";

/** The audience Entra ID expects on a federated token from a pipeline. */
export const federatedAudience = "api://AzureADTokenExchange";

/**
 * GitHub Actions OIDC: the runner hands out an ID token for the audience we
 * ask, which Entra ID exchanges for a Graph token. No secret is stored anywhere.
 */
export function githubAssertion(env: NodeJS.ProcessEnv, httpsAgent?: Agent): () => Promise<string> {
  return async () => {
    // The request token is a bearer secret too: never over plain http off loopback.
    const url = assertSafeEndpoint(env.ACTIONS_ID_TOKEN_REQUEST_URL!, "ACTIONS_ID_TOKEN_REQUEST_URL");
    url.searchParams.set("audience", federatedAudience);
    try {
      const response = await axios.get<unknown>(url.toString(), {
        headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
        httpsAgent,
        timeout: 30_000,
        // The way out is the agent's (the provider's proxy policy), never axios's own.
        proxy: false,
      });
      return String(record(response.data).value);
    } catch (error) {
      // The axios error carries the request token in its headers: keep only the status.
      const { response, code } = record(error);
      const status = record(response).status ?? code ?? "no answer";
      throw new Error(
        `GitHub refused an ID token (${status}): the job needs \`permissions: id-token: write\` and a federated credential on the app.`,
      );
    }
  };
}
