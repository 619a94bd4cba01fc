// How @azure/identity reaches Entra ID and a pipeline's OIDC service: through this package's own
// client, not core-rest-pipeline's, so that every answer is capped as Graph's are (MSAL reads a body
// whole: a 200 MiB metadata answer was read to its end) and leaves by the same agent, never on a redirect.
import type { Agent } from "node:http";
import type { ClientSecretCredentialOptions } from "@azure/identity";
import axios from "axios";
import { maxAnswerBytes } from "../graph/http";

type HttpClient = NonNullable<ClientSecretCredentialOptions["httpClient"]>;
type PipelineRequest = Parameters<HttpClient["sendRequest"]>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient["sendRequest"]>>;

/** A client for @azure/identity's pipeline: each answer read as text, up to 1 MiB, through `agent`. */
export function identityHttpClient(agent: Agent): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const { body } = request;
      // Entra ID's requests carry a form as a string, an OIDC request nothing; anything else is not theirs.
      if (body !== undefined && body !== null && typeof body !== "string") {
        throw new Error("identityHttpClient sends only a string body");
      }
      const response = await axios.request<string>({
        url: request.url,
        method: request.method,
        headers: request.headers.toJSON(),
        data: body ?? undefined,
        httpAgent: agent,
        httpsAgent: agent,
        proxy: false,
        maxRedirects: 0,
        maxContentLength: maxAnswerBytes,
        timeout: request.timeout || undefined,
        signal: request.abortSignal as AbortSignal | undefined,
        responseType: "text",
        transformResponse: (text: string) => text,
        validateStatus: () => true,
      });
      return {
        request,
        status: response.status,
        headers: headersOf(response.headers),
        bodyAsText: response.data,
      };
    },
  };
}

/** An answer's headers as the pipeline reads them: by name in any case. */
function headersOf(raw: Record<string, unknown>): PipelineResponse["headers"] {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && value !== null)
      map.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
  }
  return {
    get: (name) => map.get(name.toLowerCase()),
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), String(value)),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}
