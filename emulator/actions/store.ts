// The four actions' entities, per tenant, and their syncs: each accepted sync completes
// syncCompletionMs later (the connector's delay), on the emulator's clock, so that a test may step
// time past a 10- or 15-minute rule instead of waiting for it.
import type { EmulatorConfig } from "../config";
import { InvalidControl } from "../control-schema";
import type { ActionEntry, Entity, Refusal } from "./entry";
import { actionNamed, actions } from "./index";

interface Held {
  entry: ActionEntry;
  entity: Entity;
  /** When the accepted sync completes; absent when none is running. */
  completesAt?: number;
  /** Whether the next sync to complete completes as failed (a control call's). */
  fails?: boolean;
}

/** What a control call may change: an entity's fields, and whether its next sync fails. */
export interface EntityChange {
  /** deviceAppManagement/vppTokens, or its last segment (vppTokens, windowsAutopilotSettings, …). */
  entitySet: string;
  tenantId: string;
  /** The key; none for a singleton. */
  id?: string;
  fields?: Record<string, unknown>;
  nextSyncFails?: boolean;
}

export class IntuneActions {
  /** Per action, tenant and key ("" for a singleton), in the config's order. */
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly clock: () => number,
  ) {
    for (const tenant of config.tenants) {
      for (const entry of actions) {
        const seeded = (tenant as unknown as Record<string, unknown>)[entry.segment];
        const list = (entry.singleton ? (seeded ? [seeded] : []) : (seeded ?? [])) as Entity[];
        for (const entity of list) {
          this.held.set(keyOf(entry, tenant.tenantId, entry.singleton ? "" : entity.id), {
            entry,
            entity: { ...entity },
          });
        }
      }
    }
  }

  /** The tenant's entities of this action, as Graph would return them now. */
  list(entry: ActionEntry, tenantId: string): Entity[] {
    const prefix = keyOf(entry, tenantId, "");
    return [...this.held].filter(([key]) => key.startsWith(prefix)).map(([, held]) => this.now(held));
  }

  /** One entity as Graph would return it now (a singleton with no id), or undefined. */
  get(entry: ActionEntry, tenantId: string, id = ""): Entity | undefined {
    const held = this.held.get(keyOf(entry, tenantId, id));
    return held && this.now(held);
  }

  /** Starts a sync, or the action's refusal of it; the entity as it now is when accepted. */
  sync(entry: ActionEntry, tenantId: string, id = ""): { refused: Refusal } | { entity: Entity } {
    const held = this.held.get(keyOf(entry, tenantId, id))!;
    const now = this.clock();
    this.now(held);
    const refusal = entry.refuse?.(held.entity, now);
    if (refusal) return { refused: refusal };
    entry.started(held.entity, now);
    held.completesAt = now + this.config.syncCompletionMs;
    return { entity: { ...held.entity } };
  }

  /** A control call: sets fields (an expired token, a failed sync, an unbound account), or a failing next sync. */
  set(change: EntityChange): Entity {
    // A control call's JSON, read as hostile as any: only the shapes below, else a 400.
    const text = (value: unknown) => typeof value === "string" && value.length <= 200;
    if (!text(change.entitySet) || !text(change.tenantId) || !(change.id === undefined || text(change.id))) {
      throw new InvalidControl("entitySet and tenantId must be strings, and id a string when given.");
    }
    const entry = actionNamed(change.entitySet);
    if (!entry) {
      const known = actions.map((a) => a.segment).join(", ");
      throw new InvalidControl(`entitySet must be one of ${known}, not '${change.entitySet}'.`);
    }
    const key = keyOf(entry, change.tenantId, entry.singleton ? "" : (change.id ?? ""));
    const held = this.held.get(key);
    if (!held)
      throw new InvalidControl(`No ${entry.segment} '${change.id ?? ""}' in tenant '${change.tenantId}'.`);
    const { fields = {} } = change;
    const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);
    if (
      typeof fields !== "object" ||
      fields === null ||
      Array.isArray(fields) ||
      !Object.values(fields).every(scalar)
    ) {
      throw new InvalidControl(
        "fields must be an object of the entity's properties and their values (strings, numbers, booleans or null).",
      );
    }
    if (change.nextSyncFails !== undefined && typeof change.nextSyncFails !== "boolean") {
      throw new InvalidControl("nextSyncFails must be true or false.");
    }
    const unknown = Object.keys(fields).find((f) => f === "id" || !entry.properties.includes(f));
    if (unknown !== undefined) {
      const settable = entry.properties.filter((p) => p !== "id");
      throw new InvalidControl(`fields may set ${settable.join(", ")}; not '${unknown}'.`);
    }
    this.now(held);
    // A running sync still completes, and writes what its completion writes over what was set here:
    // set a status once no sync runs, or set nextSyncFails for the running one.
    Object.assign(held.entity, fields);
    if (change.nextSyncFails !== undefined) held.fails = change.nextSyncFails;
    return { ...held.entity };
  }

  /** The entity once a sync whose time has come has completed, as a copy. */
  private now(held: Held): Entity {
    if (held.completesAt !== undefined && this.clock() >= held.completesAt) {
      held.entry.completed(held.entity, held.completesAt, held.fails === true);
      held.completesAt = undefined;
      held.fails = undefined;
    }
    return { ...held.entity };
  }
}

const keyOf = (entry: ActionEntry, tenantId: string, id: string) => `${entry.segment}|${tenantId}|${id}`;
