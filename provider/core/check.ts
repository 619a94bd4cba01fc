import type { AnyInputs } from "./action";
import type { CheckContext, InputSpec } from "./declare";

export type { CheckContext } from "./declare";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** The engine's placeholder for a value not known until apply (preview). */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether the value holds the placeholder anywhere; without recursion, and once per object, so any value ends. */
export function isUnknown(value: unknown): boolean {
  const seen = new Set<object>();
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === unknown) return true;
    if (typeof next !== "object" || next === null || seen.has(next)) continue;
    seen.add(next);
    // One by one: spread as arguments, 200,000 values overflow the call stack (a RangeError).
    for (const child of Object.values(next)) pending.push(child);
  }
  return false;
}

/** What `check` needs of an action: its name, for the failures, and its inputs. */
export interface Checked {
  name: string;
  inputs: AnyInputs;
}

/**
 * Validates and normalizes the inputs as they are declared; makes no network
 * call. Unknown values pass through. Defaults are left out (see withDefaults).
 */
export function checkInputs(
  { name: resource, inputs }: Checked,
  news: Record<string, unknown>,
  context: CheckContext,
) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputNames = Object.keys(inputs);

  for (const key of Object.keys(news)) {
    if (key in inputs || key.startsWith("__")) continue;
    const credential = /secret|password|certificate|token|clientid/i.test(key);
    fail(
      key,
      credential
        ? `'${key}' is not an input: credentials are provider settings (connectorSync:* config or AZURE_* variables), never resource inputs, so they never reach the state.`
        : `'${key}' is not an input of ${resource}; the inputs are ${inputNames.join(", ")}.`,
    );
  }

  const checked: Record<string, unknown> = {};
  for (const name of inputNames) {
    const spec = inputs[name];
    const value = news[name];
    if (value === undefined || value === null) {
      // An input the provider's settings may fill is stored as it is in effect, so that changing the
      // setting is a change and a preview knows it; a default alone is not stored (see withDefaults).
      const inEffect = spec.fallback && (spec.fallback(context) ?? spec.defaultValue);
      if (inEffect !== undefined) checked[name] = inEffect;
      else if (spec.defaultValue === undefined && (spec.missing || spec.presence === "required")) {
        fail(name, spec.missing ?? `${name} is required: it must be ${spec.allowed}.`);
      }
    } else if (isUnknown(value)) {
      checked[name] = value;
    } else {
      const parsed = spec.parse(value);
      if (parsed !== undefined) checked[name] = parsed;
      else fail(name, refusal(name, spec, value));
    }
  }
  return { inputs: checked, failures };
}

/**
 * A refused value as a failure may show it. The engine hands a dynamic provider its inputs unwrapped,
 * secrets included, and a program may put a secret anywhere inside an object: so an object or an array
 * is described by its type and top-level keys, never echoed, and neither is an input declared `opaque`
 * (triggers). A scalar of any other input is an enum's word, a number or an id: it is shown, short.
 */
function shown(value: unknown, opaque: boolean): string {
  if (Array.isArray(value)) return `an array of ${value.length} element${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const named = keys
      .slice(0, 5)
      .map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
    const more = keys.length > 5 ? ` and ${keys.length - 5} more` : "";
    return `an object with key${keys.length === 1 ? "" : "s"} ${named.join(", ")}${more}`;
  }
  if (opaque)
    return typeof value === "string" ? `a string of ${value.length} characters` : `a ${typeof value}`;
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** Names the input, its value (and what was measured of it), what is allowed, and the value meant when the input knows the spelling. */
function refusal(name: string, spec: InputSpec<unknown>, value: unknown): string {
  const { allowed, aliases, measure, opaque = false } = spec;
  const meant = typeof value === "string" ? aliases?.get(value.toLowerCase()) : undefined;
  const didYouMean = meant !== undefined && meant !== value ? ` Did you mean '${meant}'?` : "";
  const measured = measure?.(value);
  return `${name} is ${shown(value, opaque)}${measured ? ` (${measured})` : ""}: it must be ${allowed}.${didYouMean}`;
}
