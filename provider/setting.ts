// How a provider setting is declared: what `configure` reads, and the docs' table of settings.
import { closeSync, openSync, readFileSync, statSync } from "node:fs";

export interface SettingSpec<Value> {
  /** The environment variable read when the stack config has no value. */
  readonly env?: string;
  /** The value, or undefined when it is not allowed; `where` is the key or variable it came from. */
  readonly parse: (raw: string, where: string) => Value | undefined;
  /** What is allowed, as a refusal says it. */
  readonly allowed: string;
  readonly defaultValue?: Value;
  /** Never shown, not even when it is refused. */
  readonly secret?: boolean;
  /** The docs' words. */
  readonly meaning: string;
  /** The docs' words for a default that is no single value. */
  readonly defaultNote?: string;
}

/** A setting with a default is always present in what `configure` read. */
export function setting<Value>(
  spec: SettingSpec<Value> & { defaultValue: Value },
): SettingSpec<Value> & { defaultValue: Value };
export function setting<Value>(spec: SettingSpec<Value>): SettingSpec<Value>;
export function setting<Value>(spec: SettingSpec<Value>): SettingSpec<Value> {
  return spec;
}

/** The path, when it names a regular file this process can open: a missing file is refused before any call. */
export function readableFile(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    closeSync(openSync(path, "r"));
    return path;
  } catch {
    return undefined;
  }
}

/** The path, when it names a readable file holding a PEM certificate. */
export function pemFile(path: string): string | undefined {
  return readableFile(path) && /-----BEGIN CERTIFICATE-----/.test(readFileSync(path, "utf8"))
    ? path
    : undefined;
}
