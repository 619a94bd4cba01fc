// What a change of the inputs does: each input declares its effect (replace, sync or setting).
import type { AnyInputs } from "./action";
import { isUnknown } from "./check";
import type { ChangeEffect } from "./declare";

export { canonical } from "../triggers";

import { canonical } from "../triggers";

/** The inputs whose change has this effect, in declaration order. */
export const inputsOn = (inputs: AnyInputs, effect: ChangeEffect): string[] =>
  Object.keys(inputs).filter((name) => inputs[name].onChange === effect);

/** Each default, by input name. Kept out of the state, where every property costs each preview and `up` time. */
export const defaultsOf = (inputs: AnyInputs): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(inputs).flatMap(([name, spec]) =>
      spec.defaultValue === undefined ? [] : [[name, spec.defaultValue]],
    ),
  );

/** The inputs as they are used; a state written with its defaults, by an earlier version, reads the same. */
export function withDefaults<T extends object>(inputs: AnyInputs, given: T) {
  const present = Object.entries(given).filter(([, value]) => value !== undefined);
  return { ...defaultsOf(inputs), ...Object.fromEntries(present) } as T & Record<string, unknown>;
}

export function changed(olds: Record<string, unknown>, news: Record<string, unknown>, key: string): boolean {
  return isUnknown(news[key]) || canonical(olds[key]) !== canonical(news[key]);
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Compares only the inputs this resource owns, each with its default: never `__provider`, so a package
 * upgrade is no change; nor a default written out, left out, or added since the state was written.
 */
export function diffInputs(
  inputs: AnyInputs,
  stored: Record<string, unknown>,
  given: Record<string, unknown>,
): DiffResult {
  const [olds, news] = [stored, given].map((state) => withDefaults(inputs, state));
  const replaces = inputsOn(inputs, "replace").filter((key) => changed(olds, news, key));
  const updates = [...inputsOn(inputs, "sync"), ...inputsOn(inputs, "setting")].filter((key) =>
    changed(olds, news, key),
  );
  return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
}

/** Whether an update must call Graph: only when what is synced changed. */
export function needsSync(
  inputs: AnyInputs,
  stored: Record<string, unknown>,
  given: Record<string, unknown>,
): boolean {
  const [olds, news] = [stored, given].map((state) => withDefaults(inputs, state));
  return inputsOn(inputs, "sync").some((key) => changed(olds, news, key));
}
