// How an input is declared: what `check`, `diff`, the public types and the docs need to know of it.
import type { Cloud } from "../clouds";

/** What a change of the input does: replace the resource, update it with one sync, or update it with no Graph call. */
export type ChangeEffect = "replace" | "sync" | "setting";

/** A program must give it ("required"), may leave it to a default ("defaulted"), or may leave it out ("optional"). */
export type Presence = "required" | "defaulted" | "optional";

/** What the provider's settings offer `check` as fallbacks. */
export interface CheckContext {
  /** The provider-level tenant and cloud, written into the inputs so that changing them replaces. */
  tenantId?: string;
  cloud?: Cloud;
}

export interface InputSpec<Value> {
  readonly onChange: ChangeEffect;
  /** The value, normalized, or undefined when it is not allowed. */
  readonly parse: (value: unknown) => Value | undefined;
  /** What is allowed, as a failure says it. */
  readonly allowed: string;
  /** What was measured of a refused value, when its size or shape is the fault (said beside the value). */
  readonly measure?: (value: unknown) => string | undefined;
  /** The value may hold anything a program made, secrets included: a refusal describes it, never shows it. */
  readonly opaque?: boolean;
  /** For an enum, its exact values. */
  readonly values?: readonly Value[];
  /** What users write instead (lower case), each with the value it means, for "did you mean". */
  readonly aliases?: ReadonlyMap<string, Value>;
  /** The value when none is given, from the provider's settings; `defaultValue` follows when it has none. */
  readonly fallback?: (context: CheckContext) => Value | undefined;
  // Not `default`: Pulumi's closure serializer takes an object with a `default` for a module wrapper, and
  // fails on it when the provider is captured by value (the benchmark does).
  readonly defaultValue?: Value;
  /** The failure when no value is given and there is no default; a required input has one by default. */
  readonly missing?: string;
  /** The docs' words: the type when `values` do not say it, where the fallback comes from, a note after the default, and after what a change does. */
  readonly docs?: { type?: string; fallback?: string; defaultNote?: string; changeNote?: string };
}

/** A declared input; `Arg`, what a program may pass, is a type only. */
export interface Declared<P extends Presence, Arg, Value> extends InputSpec<Value> {
  readonly presence: P;
  readonly arg?: Arg;
}

export const required = <Arg, Value = Arg>(spec: InputSpec<Value>): Declared<"required", Arg, Value> => ({
  ...spec,
  presence: "required",
});

export const defaulted = <Arg, Value = Arg>(spec: InputSpec<Value>): Declared<"defaulted", Arg, Value> => ({
  ...spec,
  presence: "defaulted",
});

export const optional = <Arg, Value = Arg>(spec: InputSpec<Value>): Declared<"optional", Arg, Value> => ({
  ...spec,
  presence: "optional",
});

/**
 * An enum input: its exact values, case-sensitive as in Graph, and its own
 * aliases. Each value's lower case is an alias of it, so "FULLSYNC" is
 * answered "did you mean 'fullSync'?".
 */
export function oneOf<T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  return {
    values,
    parse: (value: unknown) => values.find((v) => v === value),
    aliases: new Map<string, T>([
      ...values.map((v): [string, T] => [v.toLowerCase(), v]),
      ...Object.entries(aliases),
    ]),
  };
}

type AnyDeclared = Declared<Presence, unknown, unknown>;
export type ArgOf<D> = D extends Declared<Presence, infer Arg, unknown> ? Arg : never;
export type ValueOf<D> = D extends Declared<Presence, unknown, infer Value> ? Value : never;

/** The keys of the declarations with this presence. */
export type KeysWith<Ds extends Record<string, AnyDeclared>, P extends Presence> = {
  [K in keyof Ds]: Ds[K]["presence"] extends P ? K : never;
}[keyof Ds];

/** The named values (all by default) that are not undefined, which the engine's property maps cannot hold. */
export const defined = <T extends object>(
  values: T,
  names: readonly string[] = Object.keys(values),
): Partial<T> =>
  Object.fromEntries(
    names.flatMap((name) => {
      const value = (values as Record<string, unknown>)[name];
      return value === undefined ? [] : [[name, value]];
    }),
  ) as Partial<T>;

/** Flattens an intersection into one object type, keeping each property's documentation. */
export type Flat<T> = { [K in keyof T]: T[K] };

/** The inputs as they are used: the declared values, present unless the input is optional. */
export type ValuesOf<Ds extends Record<string, AnyDeclared>> = Flat<
  { -readonly [K in keyof Pick<Ds, KeysWith<Ds, "required" | "defaulted">>]: ValueOf<Ds[K]> } & {
    -readonly [K in keyof Pick<Ds, KeysWith<Ds, "optional">>]?: ValueOf<Ds[K]>;
  }
>;

/** What a program may pass: required inputs required, the rest optional. */
export type ArgsOf<Ds extends Record<string, AnyDeclared>> = Flat<
  { -readonly [K in keyof Pick<Ds, KeysWith<Ds, "required">>]: ArgOf<Ds[K]> } & {
    -readonly [K in keyof Pick<Ds, KeysWith<Ds, "defaulted" | "optional">>]?: ArgOf<Ds[K]>;
  }
>;
