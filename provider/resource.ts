import * as pulumi from "@pulumi/pulumi";
import { defined } from "./declaration";
import { type InputArgs, inputDefaults, inputNames, inputs } from "./inputs";
import { type ConnectorSyncOutputs, outputNames, type Recorded } from "./outputs";
import { providerModule } from "./shim";

/** ConnectorSync's inputs, as provider/inputs.ts declares them; each may be another resource's Output. */
export type ConnectorSyncArgs = { [K in keyof InputArgs]: pulumi.Input<NonNullable<InputArgs[K]>> };

/** Every input, normalized and with its default, and every output, as provider/outputs.ts declares them. */
type OutputProperties = {
  readonly [K in keyof ConnectorSyncOutputs]-?: pulumi.Output<ConnectorSyncOutputs[K]>;
};

// The properties are declared once, by the inputs and outputs; the constructor defines them.
export interface ConnectorSync extends OutputProperties {}

/**
 * What a ConnectorSync registers besides the inputs its program gives: the inputs that the provider's
 * settings may fill in, and the record of its syncs. The SDK spends time on each registered property
 * of each resource in every preview and `up` (it captures four stack traces for each), so no other is;
 * the other properties are read from these.
 */
export const registeredNames = [...inputNames.filter((name) => "fallback" in inputs[name]), "recorded"];

/** Syncs an Intune Exchange connector through Microsoft Graph when its triggers or its syncType change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: pulumi.CustomResource assigns each property it is given
export class ConnectorSync extends pulumi.CustomResource {
  constructor(name: string, args: ConnectorSyncArgs, opts?: pulumi.CustomResourceOptions) {
    // Refused here, with the reason: else the SDK's dynamic provider fails the import's read
    // ("code must be a string, not undefined"), having no state to find its code in.
    if (opts?.import !== undefined) throw new pulumi.RunError(importRefusal(name));
    // Named with no value unless given, so that the engine makes each an Output of the resource.
    const named = Object.fromEntries(registeredNames.map((name) => [name, undefined]));
    // What pulumi.dynamic.Resource does, less its closure serialization: the
    // type routes the resource to the Node.js dynamic-provider plugin, which
    // loads `__provider` (see shim.ts).
    // An input given as undefined is left out, as check leaves it: registered, a preview would not know it.
    const props = { ...named, ...defined(args), __provider: providerModule };
    super("pulumi-nodejs:dynamic/intune:ConnectorSync", name, props, opts);
    const registered = this as unknown as Record<string, pulumi.Output<unknown> | undefined>;
    const recorded = registered.recorded as pulumi.Output<Recorded | undefined>;
    // Read through the outputs below, not beside them (as in a stack output of the whole resource).
    Object.defineProperty(this, "recorded", { enumerable: false });
    for (const output of outputNames) lazily(this, output, () => recorded.apply((r) => r?.[output]));
    // The state keeps no default (see withDefaults): an input it may lack reads its default here,
    // through the urn so that what uses it still depends on the resource.
    for (const input of inputNames) {
      const given = registered[input];
      const value = inputDefaults[input];
      if (given && value === undefined) continue;
      lazily(this, input, () => (given ? given.apply((v) => v ?? value) : this.urn.apply(() => value)));
    }
  }
}

/** Why a ConnectorSync cannot be imported, and what to do instead (docs/resources/connector-sync.md: Importing). */
export const importRefusal = (name: string) =>
  `ConnectorSync '${name}' cannot be imported: a sync has no object in Graph to adopt. Declare it without the import option, and its first up syncs once; to bring one from another stack, use pulumi state move.`;

/** A property made on first read: an apply per property per resource would cost a large stack's time too. */
function lazily(target: object, name: string, make: () => pulumi.Output<unknown>) {
  let made: pulumi.Output<unknown> | undefined;
  Object.defineProperty(target, name, { enumerable: true, get: () => (made ??= make()) });
}
