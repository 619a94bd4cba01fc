// The dynamic provider behind every action's resource: the engine's calls (configure, check, diff,
// create, update, read, delete), the same for each, given the action's declaration.
import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { providerContext, resetContext, settingsKey } from "../context";
import { watchEngine } from "../engine";
import { isGone } from "../errors";
import type { GraphClient } from "../graph/client";
import { readSettings } from "../settings";
import { type Action, type AnyInputs, type AnyOutputs, namesOf } from "./action";
import { checkInputs } from "./check";
import type { ValuesOf } from "./declare";
import { diffInputs, needsSync, withDefaults } from "./diff";
import { judged } from "./health";
import { explained } from "./hints";
import { type CoreRecord, inputsOf, type RecordOf, recordedOf, type StoredState, stateOf } from "./record";
import { refOf, sync } from "./sync";

// `configure` is not called when the provider is driven directly: then each call reads the environment.
const settings = () => providerContext().settings ?? readSettings(undefined, process.env);
const say = (line: string) => console.error(line);

async function connect(action: Action, inputs: Record<string, unknown>): Promise<GraphClient> {
  try {
    const { graphFor } = await import("../connect");
    const target = {
      ...(inputs as { tenantId: string; cloud: never; apiVersion: string }),
      throttling: action.throttling,
    };
    return await graphFor(target, {
      settings: settings(),
      context: providerContext(),
      say,
      name: action.name,
    });
  } catch (error) {
    throw explained(error, action, inputs.apiVersion as string);
  }
}

/** What the engine passes to `check`: the program's values as given, and whatever else the state holds. */
type GivenInputs = Record<string, unknown>;

/** A resource's state as the provider gives it to the engine: its inputs as `check` gave them, and its record. */
export type StateOf<Ins extends AnyInputs, Outs extends AnyOutputs> = Partial<ValuesOf<Ins>> & {
  recorded: RecordOf<Outs>;
};

/** The ResourceProvider of one action; its resources' state holds a small shim that requires it by package name. */
export function providerFor<Ins extends AnyInputs, Outs extends AnyOutputs>(declared: Action<Ins, Outs>) {
  type State = StateOf<Ins, Outs>;
  const action = declared as unknown as Action;
  const inputNames = Object.keys(action.inputs);
  const outputNames = Object.keys(action.outputs);
  const names = namesOf(action);
  return {
    async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
      watchEngine();
      const next = readSettings(request.config, process.env);
      // The engine configures each action's provider of the process, one after another, with the same
      // settings: the first starts the context, and the others share it (and its one token per tenant).
      const { clock, warn, tell, settings: current } = providerContext();
      if (current !== undefined && settingsKey(current) === settingsKey(next)) return;
      // A fresh context: nothing cached from before. Time and where warnings go are the process's: they stay.
      resetContext({ settings: next, clock, warn, tell });
    },

    async check(_olds: GivenInputs, news: GivenInputs) {
      const { tenantId, cloud } = settings();
      return checkInputs(action, news, { tenantId, cloud });
    },

    async diff(_id: string, olds: StoredState, news: GivenInputs) {
      const { changes, ...result } = diffInputs(action.inputs, olds, news);
      // A sync left pending (onFailure "warn") changes no input, so only "some" makes the engine update.
      // So does a development build's flat state: the update lays it out anew, with no Graph call.
      if (recordedOf(olds, outputNames).syncPending === true || !olds.recorded)
        return { ...result, changes: true };
      // A dynamic provider cannot send the list of changed inputs. "Unknown" makes
      // the engine list them itself (triggers, syncType...) and still honour
      // `replaces`; "none" keeps a changed shim alone from showing as a change.
      return { ...result, changes: changes ? undefined : false };
    },

    async create(given: GivenInputs): Promise<{ id: string; outs: State }> {
      const id = randomUUID();
      return { id, outs: await syncOf(given, undefined, id) };
    },

    async update(id: string, olds: StoredState, news: GivenInputs): Promise<{ outs: State }> {
      const recorded = recordedOf(olds, outputNames);
      // A pending sync is tried again whatever changed.
      if (!needsSync(action.inputs, olds, news) && recorded.syncPending !== true)
        return { outs: stateOf(news, recorded) as unknown as State };
      return { outs: await syncOf(news, recorded, id) };
    },

    async read(id: string, state?: StoredState): Promise<pulumi.dynamic.ReadResult<State>> {
      // The engine always passes the state it holds; with none there is nothing to refresh.
      if (!state) return { id: "" };
      const inputs = withDefaults(action.inputs, state);
      const recorded = recordedOf(state, outputNames);
      const graph = await connect(action, inputs);
      try {
        const entity = await graph.get(refOf(action, inputs), action.select);
        const found = action.key === undefined ? {} : { [names.found]: true };
        const read = { ...recorded, ...found, syncPending: recorded.syncPending === true };
        const props = stateOf(inputsOf(state, inputNames), await judged(action, id, inputs, read, entity));
        return { id, props: props as unknown as State };
      } catch (error) {
        if (!isGone(error)) throw explained(error, action, inputs.apiVersion as string);
        // An entity that is gone takes its resource out of the state (an empty id), unless that is expected.
        if (!inputs.ignoreNotFound) return { id: "" };
        const gone = { ...recorded, [names.found]: false } as CoreRecord;
        return { id, props: stateOf(inputsOf(state, inputNames), gone) as unknown as State };
      }
    },

    async delete(_id: string, _state: unknown) {
      // A sync has no inverse: deleting the resource forgets it and calls nothing.
    },
  } satisfies pulumi.dynamic.ResourceProvider;

  async function syncOf(given: GivenInputs, kept: CoreRecord | undefined, id: string): Promise<State> {
    const inputs = withDefaults(action.inputs, given);
    const graph = await connect(action, inputs);
    const { retryDeadlineSeconds, maxAttempts } = settings();
    const deadlineMs = retryDeadlineSeconds * 1000;
    const syncing = { action, id, given, inputs, kept, graph, deadlineMs, maxAttempts, say };
    return (await sync(syncing)) as unknown as State;
  }
}
