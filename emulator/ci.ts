// Stand-ins for the endpoints through which GitHub Actions and Azure Pipelines hand a job its
// ID token, so that a pipeline's federated sign-in runs end to end with no real CI around.
import type { Context, Reply } from "./http";
import type { Parts } from "./parts";

export const ciPaths = {
  /** ACTIONS_ID_TOKEN_REQUEST_URL; GitHub's runner serves it to GET. */
  github: "/_github/idtoken",
  /** SYSTEM_OIDCREQUESTURI; Azure DevOps serves it to POST. */
  azurePipelines: "/_azurepipelines/oidctoken",
};

/** Both endpoints want the pipeline's own bearer token: without it, a 401 and no token. */
function refusal(ctx: Context, expected: string): Reply | undefined {
  if (String(ctx.headers.authorization ?? "") === `Bearer ${expected}`) return undefined;
  return { status: 401, body: { message: "Bad credentials: the request token is missing or wrong." } };
}

/** GitHub Actions: {count, value} with a token for the audience asked, for the configured subject. */
export async function githubIdToken({ config, oidc }: Parts, ctx: Context): Promise<Reply> {
  const { ci } = config;
  const refused = refusal(ctx, ci.githubRequestToken);
  if (refused) return refused;
  const audience = ctx.query.get("audience") ?? undefined;
  return {
    status: 200,
    body: { count: 1, value: await oidc.mintToken({ subject: ci.githubSubject, audience }) },
  };
}

/** Azure Pipelines: {oidcToken} whose subject names the service connection asked for. */
export async function azurePipelinesIdToken({ config, oidc }: Parts, ctx: Context): Promise<Reply> {
  const refused = refusal(ctx, config.ci.azurePipelinesAccessToken);
  if (refused) return refused;
  const subject = `sc://contoso/platform/${ctx.query.get("serviceConnectionId")}`;
  return { status: 200, body: { oidcToken: await oidc.mintToken({ subject }) } };
}
