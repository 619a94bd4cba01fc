import type { IncomingMessage } from "node:http";
import type { FaultSource, Route } from "./log";

/** What a route answers; the server adds request-id, client-request-id, Date and its service's headers. */
export interface Reply {
  status: number;
  body?: unknown;
  /**
   * In place of body, for one too large to build as a single string (the log): JSON text in pieces,
   * each made when the client is ready for it.
   */
  stream?: Iterable<string>;
  headers?: Record<string, string>;
}

/** A reply, or "drop": close the connection without one (a fault). */
export type Answer = Reply | "drop";

/** Who sends a request, as its route learns it: the app, and its tenant once a token proves it. */
export interface Caller {
  appId?: string;
  tenantId?: string;
}

/**
 * Which real service a route stands for: it decides the headers and the error shapes. Intune is
 * Graph's front door (its headers, its own refusals) with the Intune service behind it.
 */
export type Service = "entra" | "graph" | "intune" | "emulator";

/**
 * One request, as the routes see it. The dispatcher fills in what it is about (route, tenant,
 * connector, version) and who sends it (app), for the log and for faults.
 */
export interface Context {
  method: string;
  /** The path as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: any;
  rawBody: string;
  origin: string;
  requestId: string;
  /** The caller's client-request-id, when it sent a usable one. */
  clientRequestId?: string;
  route: Route;
  service: Service;
  tenantId?: string;
  appId?: string;
  connectorId?: string;
  /** The key of one of the other actions' entities (a VPP token, a DEP onboarding setting). */
  entityId?: string;
  apiVersion?: string;
  /** What answered in place of the service, or delayed it, for the log. */
  fault?: FaultSource;
}

/** The body is neither empty nor JSON (nor the form a token request sends). */
export const malformedBody = (ctx: Context) => ctx.rawBody !== "" && ctx.body === undefined;
