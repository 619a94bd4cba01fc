// The resource classes, one per action: each is its declaration's types on the shared SyncResource.
import type * as pulumi from "@pulumi/pulumi";
import * as declared from "./actions";
import type { depOnboarding } from "./actions/dep-onboarding";
import type { exchangeConnector } from "./actions/exchange-connector";
import type { managedGooglePlay } from "./actions/managed-google-play";
import type { vppToken } from "./actions/vpp-token";
import type { windowsAutopilot } from "./actions/windows-autopilot";
import type { Action } from "./core/action";
import { type ArgsFor, type PropertiesFor, SyncResource } from "./core/resource";

type Args<A> = A extends Action<infer Ins> ? ArgsFor<Ins> : never;
type Properties<A> = A extends Action<infer Ins, infer Outs> ? PropertiesFor<Ins, Outs> : never;
const as = (action: unknown) => action as Action;

/** ConnectorSync's inputs, as provider/actions/exchange-connector.ts declares them; each may be another resource's Output. */
export type ConnectorSyncArgs = Args<typeof exchangeConnector>;
export interface ConnectorSync extends Properties<typeof exchangeConnector> {}
/** Syncs an Intune Exchange connector through Microsoft Graph when its triggers or its syncType change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the base class defines every property of the interface
export class ConnectorSync extends SyncResource {
  constructor(name: string, args: ConnectorSyncArgs, opts?: pulumi.CustomResourceOptions) {
    super(as(declared.exchangeConnector), name, args, opts);
  }
}

export type VppTokenSyncArgs = Args<typeof vppToken>;
export interface VppTokenSync extends Properties<typeof vppToken> {}
/** Syncs an Apple VPP token's licenses (syncLicenses) when its triggers change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the base class defines every property of the interface
export class VppTokenSync extends SyncResource {
  constructor(name: string, args: VppTokenSyncArgs, opts?: pulumi.CustomResourceOptions) {
    super(as(declared.vppToken), name, args, opts);
  }
}

export type WindowsAutopilotSyncArgs = Args<typeof windowsAutopilot>;
export interface WindowsAutopilotSync extends Properties<typeof windowsAutopilot> {}
/** Syncs the tenant's Windows Autopilot devices with the Autopilot service when its triggers change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the base class defines every property of the interface
export class WindowsAutopilotSync extends SyncResource {
  constructor(name: string, args: WindowsAutopilotSyncArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(as(declared.windowsAutopilot), name, args, opts);
  }
}

export type DepOnboardingSyncArgs = Args<typeof depOnboarding>;
export interface DepOnboardingSync extends Properties<typeof depOnboarding> {}
/** Syncs an Apple Automated Device Enrollment (DEP) token's devices with Apple when its triggers change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the base class defines every property of the interface
export class DepOnboardingSync extends SyncResource {
  constructor(name: string, args: DepOnboardingSyncArgs, opts?: pulumi.CustomResourceOptions) {
    super(as(declared.depOnboarding), name, args, opts);
  }
}

export type ManagedGooglePlaySyncArgs = Args<typeof managedGooglePlay>;
export interface ManagedGooglePlaySync extends Properties<typeof managedGooglePlay> {}
/** Syncs the tenant's Managed Google Play apps (syncApps) when its triggers change. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the base class defines every property of the interface
export class ManagedGooglePlaySync extends SyncResource {
  constructor(name: string, args: ManagedGooglePlaySyncArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(as(declared.managedGooglePlay), name, args, opts);
  }
}
