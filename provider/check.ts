import type { CheckContext } from "./declaration";
import { type ConnectorSyncInputs, inputNames, inputs } from "./inputs";

export type { CheckContext } from "./declaration";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** The engine's placeholder for a value not known until apply (preview). */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === unknown) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

const known: ReadonlySet<string> = new Set(inputNames);

/**
 * Validates and normalizes the inputs as they are declared; makes no network
 * call. Unknown values pass through. The inputs are complete when there are
 * no failures.
 */
export function checkInputs(news: Record<string, unknown>, context: CheckContext) {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  for (const key of Object.keys(news)) {
    if (known.has(key) || key.startsWith("__")) continue;
    const credential = /secret|password|certificate|token|clientid/i.test(key);
    fail(
      key,
      credential
        ? `'${key}' is not an input: credentials are provider settings (connectorSync:* config or AZURE_* variables), never resource inputs, so they never reach the state.`
        : `'${key}' is not an input of ConnectorSync; the inputs are ${inputNames.join(", ")}.`,
    );
  }

  const checked: Record<string, unknown> = {};
  for (const name of inputNames) {
    const spec = inputs[name];
    const value = news[name];
    if (value === undefined || value === null) {
      const fallback = spec.fallback?.(context) ?? spec.defaultValue;
      if (fallback !== undefined) checked[name] = fallback;
      else if (spec.missing || spec.presence === "required") {
        fail(name, spec.missing ?? `${name} is required: it must be ${spec.allowed}.`);
      }
    } else if (isUnknown(value)) {
      checked[name] = value;
    } else {
      const parsed = spec.parse(value);
      if (parsed !== undefined) checked[name] = parsed;
      else fail(name, refusal(name, value));
    }
  }
  return { inputs: checked as ConnectorSyncInputs, failures };
}

/** Names the input, its value and what is allowed, and the value meant when the input knows the spelling. */
function refusal(name: keyof typeof inputs, value: unknown): string {
  const { allowed, aliases } = inputs[name];
  const meant = typeof value === "string" ? aliases?.get(value.toLowerCase()) : undefined;
  const didYouMean = meant !== undefined && meant !== value ? ` Did you mean '${meant}'?` : "";
  return `${name} is ${JSON.stringify(value)}: it must be ${allowed}.${didYouMean}`;
}
