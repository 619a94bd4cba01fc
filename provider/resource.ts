import * as pulumi from "@pulumi/pulumi";
import { type InputArgs, inputDefaults, inputNames } from "./inputs";
import { type ConnectorSyncOutputs, outputNames } from "./outputs";
import { providerModule } from "./shim";

/** ConnectorSync's inputs, as provider/inputs.ts declares them; each may be another resource's Output. */
export type ConnectorSyncArgs = { [K in keyof InputArgs]: pulumi.Input<NonNullable<InputArgs[K]>> };

/** Every input, normalized and with its default, and every output, as provider/outputs.ts declares them. */
type OutputProperties = {
  readonly [K in keyof ConnectorSyncOutputs]-?: pulumi.Output<ConnectorSyncOutputs[K]>;
};

// The properties are declared once, by the inputs and outputs; the engine sets them on the instance.
export interface ConnectorSync extends OutputProperties {}

/** Syncs an Intune Exchange connector through Microsoft Graph when its triggers or its syncType change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: pulumi.CustomResource assigns each property it is given
export class ConnectorSync extends pulumi.CustomResource {
  constructor(name: string, args: ConnectorSyncArgs, opts?: pulumi.CustomResourceOptions) {
    // Each property named, with no value unless given, so that the engine makes it an Output of the resource.
    const named = Object.fromEntries([...inputNames, ...outputNames].map((name) => [name, undefined]));
    // What pulumi.dynamic.Resource does, less its closure serialization: the
    // type routes the resource to the Node.js dynamic-provider plugin, which
    // loads `__provider` (see shim.ts).
    const props = { ...named, ...args, __provider: providerModule };
    super("pulumi-nodejs:dynamic/intune:ConnectorSync", name, props, opts);
    // The state keeps no default (see withDefaults), so an input the program left out reads its default
    // here. Made on first read: an apply per input per resource costs a large stack's preview time.
    const stored = this as unknown as Record<string, pulumi.Output<unknown>>;
    for (const [input, value] of Object.entries(inputDefaults)) {
      const given = stored[input];
      let read: pulumi.Output<unknown> | undefined;
      Object.defineProperty(this, input, {
        enumerable: true,
        get: () => (read ??= given.apply((v) => v ?? value)),
      });
    }
  }
}
