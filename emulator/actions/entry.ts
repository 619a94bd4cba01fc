// What one Graph sync action is, as the emulator serves it: its entity set (or singleton), the
// versions that have it, its permissions, its properties, its rules and what a sync changes. One
// file per action declares one of these; store.ts and routes.ts serve any of them alike.
import type { ActionRoute } from "./names";

/** An entity as Graph returns it: its declared properties, id among them. */
export type Entity = { id: string } & Record<string, unknown>;

/** A refusal of a sync the action's rules decide, in Intune's envelope. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

export interface ActionEntry<E extends Entity = Entity> {
  /** The path after the version, e.g. deviceAppManagement/vppTokens. */
  path: string;
  /** Its last segment, as Graph's "Resource not found for the segment" names it. */
  segment: string;
  entityType: string;
  /** A singleton (one per tenant, no key) or an entity set (listed, and keyed). */
  singleton: boolean;
  /** The versions whose metadata have it: any other answers Graph's 400 for an unknown segment. */
  versions: readonly string[];
  /** The bound action's name, the segment after the key (or the singleton). */
  action: string;
  routes: { list?: ActionRoute; get: ActionRoute; sync: ActionRoute };
  /** The Intune service its internal URL names, in the envelope of its refusals. */
  intuneService: string;
  properties: readonly (keyof E & string)[];
  /** Any one of these lets a token read, or write (sync), on any version that has it. */
  permissions: { read: readonly string[]; write: readonly string[] };
  /** Whether a sync answers 200 with the entity (VPP) or 204 with nothing (the others). */
  answersEntity: boolean;
  /** The action's own refusal of a sync now, before anything moves. */
  refuse?(entity: E, now: number): Refusal | undefined;
  /** What a sync changes the moment it is accepted. */
  started(entity: E, now: number): void;
  /** What it changes once syncCompletionMs have passed: completed, or failed when told to fail. */
  completed(entity: E, at: number, failed: boolean): void;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A seeded token's expiry: a year from today, at midnight UTC, as a token uploaded today would have.
 * Never a fixed date, which would come within a test's 30 days of warning, and then pass.
 */
export const aYearFromToday = (now = Date.now()) =>
  new Date(Math.floor(now / 86_400_000) * 86_400_000 + 365 * 86_400_000).toISOString().replace(".000Z", "Z");
/** Milliseconds since a time Graph gave, or Infinity when it never happened (absent, or the 0001 date). */
export const since = (now: number, time: unknown) => {
  const at = typeof time === "string" ? Date.parse(time) : Number.NaN;
  return Number.isNaN(at) || at <= 0 ? Number.POSITIVE_INFINITY : now - at;
};

/**
 * The enrollment settings' permissions (Autopilot, DEP): ServiceConfig, then Configuration, as their
 * sync pages list them. Reading them: an ASSUMPTION, the same as the other enrollment settings' reads.
 */
export const enrollmentSettingsPermissions = {
  read: [
    "DeviceManagementServiceConfig.Read.All",
    "DeviceManagementServiceConfig.ReadWrite.All",
    "DeviceManagementConfiguration.Read.All",
    "DeviceManagementConfiguration.ReadWrite.All",
  ],
  write: ["DeviceManagementServiceConfig.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"],
};
