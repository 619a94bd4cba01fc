// What an action declares: everything the core needs to know of one Graph sync action, in one
// object per file under provider/actions/. The core supplies the rest: check, diff, the record,
// onFailure, waits, health warnings, retries, pacing and the advice on errors.
//
// The types run one way: an action's `inputs` (declare.ts) give its program's Args and the values its
// functions receive; its `outputs` (common.ts) give its record and its resource's output properties.
import type { Entity } from "../graph/client";
import { untrustedText } from "../redact";
import { serverTime } from "../times";
import type { OutputSpec } from "./common";
import type { Declared, Presence, ValuesOf } from "./declare";

export type { Entity } from "../graph/client";

export type AnyInputs = Record<string, Declared<Presence, unknown, unknown>>;
export type AnyOutputs = Record<string, OutputSpec<unknown, boolean>>;

/** What tells this sync's completion from an earlier one's. */
export interface SyncMark {
  /** When Graph took the sync, in ms (see acceptedAt). */
  since: number;
  /** The entity as read just before the sync was requested, when it was read. */
  before?: Entity;
}

/** A rule that keeps a sync back for now: why, and for how long (none: until a read shows it no longer holds). */
export interface HoldBack {
  /** The rule, as an error past the deadline and the progress line name it. */
  rule: string;
  waitMs?: number;
}

/**
 * The facts the core's health, waits and records read from an entity. Every string in an entity is
 * a server's: each action reads its fields with `text()` (made safe, cut short) or checks their type.
 */
export interface Action<Ins extends AnyInputs = AnyInputs, Outs extends AnyOutputs = AnyOutputs> {
  /** The resource's class name, the last part of its type token, and the prefix of its lines. */
  name: string;
  /** What its `__provider` line requires from the package's ./lifecycle: never renamed once released. */
  providerExport: string;
  /** The entity set or singleton, after the version; and what errors call one, and many. */
  entity: { path: string; type: string; noun: string; plural: string };
  /** The input that holds the entity's key; none for a singleton. */
  key?: keyof Ins & string;
  /**
   * The bound action's segment, its body, the versions whose metadata have it, and the statuses Graph
   * answers when the action's own rule refuses a sync (a sync running, one too recent): those are
   * waited out by the rule, read again, not retried blindly.
   */
  endpoint: {
    action: string;
    body?: (inputs: ValuesOf<Ins>) => object;
    versions: readonly string[];
    ruled?: readonly number[];
  };
  /** The application permissions that allow the sync, least privileged first. */
  permissions: readonly string[];
  /** Intune's throttling group for its writes: each tenant's group has its own pace. */
  throttling: "enrollment" | "androidForWork";
  /** Where the action's Graph page is, for the docs. */
  docsUrl: string;
  inputs: Ins;
  outputs: Outs;
  /** The record's names for "found" and "healthy" (ConnectorSync keeps its own). */
  names?: { found: keyof Outs & string; healthy: keyof Outs & string };
  /** The properties a read asks Graph for ($select). */
  select: readonly string[];
  /** The entity's own time of its last completed sync. */
  syncTime(entity: Entity): string | undefined;
  /**
   * The entity's own time of the last sync's request, where it keeps one (Autopilot, DEP): a refusal
   * after which it has moved past the read before the POST means a sync began since, most likely the
   * POST's own whose answer was lost, and it is taken as this change's sync rather than sent again.
   */
  triggeredAt?(entity: Entity): string | undefined;
  /** What a read records: the outputs it observes. */
  observe(entity: Entity): Record<string, unknown>;
  /** When the entity reports that the sync marked failed: its value, as the error and the record name it. */
  failure?(entity: Entity, mark: SyncMark, now: number): string | undefined;
  /** Why the entity looks unhealthy, each in a few words; none when it does not. */
  health(entity: Entity, inputs: ValuesOf<Ins>, now: number, stalled?: { seconds: number }): string[];
  /** What the core says after the reasons, when the entity looks unhealthy. */
  healthNote?: string | ((entity: Entity, inputs: ValuesOf<Ins>, now: number) => string | undefined);
  /** A rule that keeps the sync back for now (an interval, a sync running): the entity is read first. */
  holdBack?(entity: Entity, now: number): HoldBack | undefined;
  /** A state of the entity that rules out any sync (nothing to wait for): the entity is read first. */
  refuse?(entity: Entity): string | undefined;
  /** "the deltaSync of connector 'c1'", "the sync of the Windows Autopilot settings": said in lines and errors. */
  describe(inputs: ValuesOf<Ins>): string;
  /** What the wait's timeout says of the entity, such as `lastSyncDateTime is "…"`. */
  shown(entity: Entity): string;
  /** What a health warning shows of the entity after its reasons, such as `status "…", lastSyncDateTime "…"`. */
  state(entity: Entity): string;
  /** The advice the core's hints need of the action. */
  advice: {
    /** After Graph's 400. */
    badRequest: string;
    /** After Graph's own 404 of a tenant that has none at all (a singleton's, or an empty list). */
    noneInTenant: (tenantId: string) => string;
    /** Where in the Intune admin center a person sees the entity and why its sync failed. */
    where: string;
  };
}

/** The identity, for inference: an action's declaration is checked against Action with its own types. */
export const defineAction = <Ins extends AnyInputs, Outs extends AnyOutputs>(action: Action<Ins, Outs>) =>
  action;

/** The names the core uses for "found" and "healthy" in the action's record. */
export const namesOf = (action: Action) => action.names ?? { found: "found", healthy: "healthy" };

const dayMs = 86_400_000;

/** Whether a time the entity gave has passed the mark: at or after Graph took the sync, and after the time read before it. */
export function passed(
  time: string | undefined,
  mark: SyncMark,
  beforeTime: string | undefined,
  now: number,
) {
  const at = serverTime(time, now);
  const before = serverTime(beforeTime, now);
  return at !== undefined && at >= mark.since && (before === undefined || at > before);
}

/**
 * A minimum interval between syncs, counted from a time the entity gives: the rest of it, or none when
 * it has passed or the time is unreadable. At most the whole interval: a time a little ahead of this
 * clock (within serverTime's tolerance) waits no longer.
 */
export function intervalHold(rule: string, intervalMs: number, time: string | undefined, now: number) {
  const last = serverTime(time, now);
  if (last === undefined || now - last >= intervalMs) return undefined;
  return { rule, waitMs: Math.min(intervalMs, intervalMs - (now - last)) };
}

/** A token's expiry as a health reason: expired, or within the warning's days; unreadable counts too. */
export function expiryReason(expires: string | undefined, days: number, now: number): string | undefined {
  const at = expires === undefined ? Number.NaN : Date.parse(expires);
  if (Number.isNaN(at)) return "it has no readable expiry";
  if (at <= now) return `it expired on ${new Date(at).toISOString()}`;
  if (at - now <= days * dayMs)
    return `it expires on ${new Date(at).toISOString()}, within ${days} days (expiryWarningDays)`;
  return undefined;
}

/** A field of an entity as a string, made safe and cut at 100 characters; undefined when it is not a string. */
export const text = (entity: Entity, field: string) => untrustedText(entity[field], 100);
