// What the routes answer from: one emulator's config, state and services. Its
// own module, so that the route table and the handlers it names (admin.ts,
// ci.ts) can all speak of it without importing each other.
import type { IntuneActions } from "./actions/store";
import type { EmulatorConfig } from "./config";
import type { Entra } from "./entra";
import type { Faults } from "./faults";
import type { Graph } from "./graph";
import type { Latency } from "./latency";
import type { RequestLog } from "./log";
import type { OidcIssuer } from "./oidc";
import type { IssuedTokens } from "./revocation";

export interface Parts {
  config: EmulatorConfig;
  log: RequestLog;
  faults: Faults;
  latency: Latency;
  oidc: OidcIssuer;
  entra: Entra;
  graph: Graph;
  /** The other sync actions' entities and syncs (VPP tokens, Windows Autopilot, DEP, Managed Google Play). */
  actions: IntuneActions;
  issued: IssuedTokens;
  /** What a caller of the control API over HTTP must send: random, one per start. */
  controlToken: string;
}
