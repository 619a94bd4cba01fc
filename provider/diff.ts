import { isUnknown } from "./check";
import { inputsOn, withDefaults } from "./inputs";
import { canonical } from "./triggers";

/** A different connector, tenant or cloud is a different thing to sync: replace. */
export const replaceKeys = inputsOn("replace");
/** What asks for a new sync: update, with one Graph call. */
export const syncKeys = inputsOn("sync");
/** How to call, not what to sync: update, with no Graph call. */
export const settingKeys = inputsOn("setting");

export { canonical } from "./triggers";

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
export function diffInputs(stored: Record<string, unknown>, given: Record<string, unknown>): DiffResult {
  const [olds, news] = [stored, given].map(withDefaults);
  const replaces = replaceKeys.filter((key) => changed(olds, news, key));
  const updates = [...syncKeys, ...settingKeys].filter((key) => changed(olds, news, key));
  return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
}

/** Whether an update must call Graph: only when what is synced changed. */
export function needsSync(stored: Record<string, unknown>, given: Record<string, unknown>): boolean {
  const [olds, news] = [stored, given].map(withDefaults);
  return syncKeys.some((key) => changed(olds, news, key));
}
