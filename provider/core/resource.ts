// The resource every action's class extends: what pulumi.dynamic.Resource does, less its closure
// serialization, with the action's outputs read from the one `recorded` property.
import * as pulumi from "@pulumi/pulumi";
import { plaintextSecretWarnings, unknownSettingWarnings } from "../config-keys";
import { providerLineOf } from "../shim";
import type { Action, AnyInputs, AnyOutputs } from "./action";
import { type ArgsOf, defined, type Flat, type ValuesOf } from "./declare";
import { defaultsOf } from "./diff";
import type { RecordOf } from "./record";

/** An action's inputs, as its declaration gives them; each may be another resource's Output. */
export type ArgsFor<Ins extends AnyInputs> = {
  [K in keyof ArgsOf<Ins>]: pulumi.Input<NonNullable<ArgsOf<Ins>[K]>>;
};

/** Every input, normalized and with its default, and every output, as the action declares them. */
export type PropertiesFor<Ins extends AnyInputs, Outs extends AnyOutputs> = {
  readonly [K in keyof Flat<ValuesOf<Ins> & RecordOf<Outs>>]-?: pulumi.Output<
    Flat<ValuesOf<Ins> & RecordOf<Outs>>[K]
  >;
};

/**
 * What a resource registers besides the inputs its program gives: the inputs that the provider's
 * settings may fill in, and the record of its syncs. The SDK spends time on each registered property
 * of each resource in every preview and `up` (it captures four stack traces for each), so no other is;
 * the other properties are read from these.
 */
export const registeredNamesOf = (action: Action) => [
  ...Object.keys(action.inputs).filter((name) => "fallback" in action.inputs[name]),
  "recorded",
];

/** Why a sync cannot be imported, and what to do instead (docs/resources/*.md: Importing). */
export const importRefusal = (name: string, kind = "ConnectorSync") =>
  `${kind} '${name}' cannot be imported: a sync has no object in Graph to adopt. Declare it without the import option, and its first up syncs once; to bring one from another stack, use pulumi state move.`;

/**
 * Warns of stack config keys in the package's namespace that name no setting, and of secret settings
 * given as plain text: each warning once per process (a program's run; the Automation API's inline
 * programs share one process, and each new warning is still given).
 */
export function warnOfUnknownSettings() {
  const keys = Object.keys(pulumi.runtime.allConfig());
  // The SDK's own test of a key, marked internal: where a version lacks it, no warning is given.
  const { isConfigSecret } = pulumi.runtime as { isConfigSecret?: (key: string) => boolean };
  const plain = isConfigSecret ? plaintextSecretWarnings(keys, isConfigSecret) : [];
  for (const warning of [...unknownSettingWarnings(keys, process.env), ...plain]) {
    if (warnedOfSettings.has(warning)) continue;
    warnedOfSettings.add(warning);
    void pulumi.log.warn(warning);
  }
}
const warnedOfSettings = new Set<string>();

export class SyncResource extends pulumi.CustomResource {
  constructor(action: Action, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    warnOfUnknownSettings();
    // Refused here, with the reason: else the SDK's dynamic provider fails the import's read
    // ("code must be a string, not undefined"), having no state to find its code in.
    if (opts?.import !== undefined) throw new pulumi.RunError(importRefusal(name, action.name));
    // Named with no value unless given, so that the engine makes each an Output of the resource.
    const named = Object.fromEntries(registeredNamesOf(action).map((name) => [name, undefined]));
    // The type routes the resource to the Node.js dynamic-provider plugin, which loads `__provider`
    // (see shim.ts). An input given as undefined is left out, as check leaves it: registered, a
    // preview would not know it.
    const props = { ...named, ...defined(args), __provider: providerLineOf(action.providerExport) };
    const { options, secret } = secretOutputsOf(action, opts);
    super(`pulumi-nodejs:dynamic/intune:${action.name}`, name, props, options);
    const registered = this as unknown as Record<string, pulumi.Output<unknown> | undefined>;
    const recorded = registered.recorded as pulumi.Output<Record<string, unknown> | undefined>;
    // Read through the outputs below, not beside them (as in a stack output of the whole resource).
    Object.defineProperty(this, "recorded", { enumerable: false });
    for (const output of Object.keys(action.outputs)) {
      const value = () => recorded.apply((r) => r?.[output]);
      // The record is secret for the outputs named secret; the others are read from it as they were.
      lazily(this, output, () =>
        secret === undefined || secret.has(output) ? value() : pulumi.unsecret(value()),
      );
    }
    // The state keeps no default (see withDefaults): an input it may lack reads its default here,
    // through the urn so that what uses it still depends on the resource.
    const defaults = defaultsOf(action.inputs);
    for (const input of Object.keys(action.inputs)) {
      const given = registered[input];
      const value = defaults[input];
      if (given && value === undefined) continue;
      lazily(this, input, () => (given ? given.apply((v) => v ?? value) : this.urn.apply(() => value)));
    }
  }
}

/**
 * `additionalSecretOutputs` as a program writes it, with an output's own name: the outputs live in the
 * one registered `recorded`, so a name among them makes the record secret in the state, and only the
 * outputs named read as secrets. `secret` is undefined when nothing changes (none named, or the whole
 * record named as it is).
 */
function secretOutputsOf(action: Action, opts?: pulumi.CustomResourceOptions) {
  const named = opts?.additionalSecretOutputs ?? [];
  const outputs = named.filter((name) => name in action.outputs);
  if (outputs.length === 0 || named.includes("recorded")) return { options: opts, secret: undefined };
  const others = named.filter((name) => !(name in action.outputs));
  return { options: { ...opts, additionalSecretOutputs: [...others, "recorded"] }, secret: new Set(outputs) };
}

/** A property made on first read: an apply per property per resource would cost a large stack's time too. */
function lazily(target: object, name: string, make: () => pulumi.Output<unknown>) {
  let made: pulumi.Output<unknown> | undefined;
  Object.defineProperty(target, name, { enumerable: true, get: () => (made ??= make()) });
}
