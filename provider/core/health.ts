// Health: whenever the provider reads an entity (a refresh, a wait, a rule's read), it judges it,
// records `healthy`, and warns once per resource and deployment when it looks unhealthy.
import { providerContext } from "../context";
import { isPlainSegment } from "../graph/segment";
import { type Action, type Entity, namesOf } from "./action";
import type { CoreRecord } from "./record";

/** The record with what a read of the entity saw, and a warning, once, when it looks unhealthy. */
export async function judged(
  action: Action,
  id: string,
  inputs: Record<string, unknown>,
  recorded: CoreRecord,
  entity: Entity,
  stalled?: { seconds: number },
): Promise<CoreRecord> {
  const context = providerContext();
  const reasons = action.health(entity, inputs as never, context.clock.now(), stalled);
  if (reasons.length > 0 && !context.warned.has(`health ${id}`)) {
    context.warned.add(`health ${id}`);
    await context.warn(healthWarning(action, entity, inputs, reasons, context.clock.now()));
  }
  return { ...recorded, ...action.observe(entity), [namesOf(action).healthy]: reasons.length === 0 };
}

/** The warning: the entity, why it looks unhealthy, its fields, and the action's note. */
export function healthWarning(
  action: Action,
  entity: Entity,
  inputs: Record<string, unknown>,
  reasons: string[],
  now = Date.now(),
) {
  const { healthNote: note } = action;
  const key = action.key && inputs[action.key];
  const quote = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : "unset");
  const what =
    action.key === undefined
      ? `the ${action.entity.noun} of tenant ${inputs.tenantId}`
      : `${action.entity.noun} ${quote(isPlainSegment(entity.id) ? entity.id : key)} in tenant ${inputs.tenantId}`;
  return [
    `${action.name}: ${what} looks unhealthy:`,
    `${reasons.join("; ")} (${action.state(entity)}).`,
    typeof note === "function" ? note(entity, inputs as never, now) : note,
  ]
    .filter(Boolean)
    .join(" ");
}
