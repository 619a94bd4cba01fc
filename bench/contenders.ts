// The programs the benchmark compares: the same shape (N resources, each with
// a connector id and triggers), the same engine, the same N.
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { ConnectorSync, connectorSyncProvider } from "../provider";
import { exchangeConnector } from "../provider/actions";
import type { Action } from "../provider/core/action";
import { defaultsOf } from "../provider/core/diff";
import { registeredNamesOf } from "../provider/core/resource";

const inputDefaults = defaultsOf(exchangeConnector.inputs);
const registeredNames = registeredNamesOf(exchangeConnector as unknown as Action);

export interface Target {
  tenantId: string;
  connectorId: string;
}

/** Per resource index, the trigger value; the benchmark bumps some to make k changes. */
export type Triggers = Map<number, number>;

export interface Contender {
  name: string;
  program(targets: Target[], triggers: Triggers): PulumiFn;
}

/** A dynamic resource of this provider; the class is abstract, and the subclass names its type token. */
function dynamicResource(provider: pulumi.dynamic.ResourceProvider, type: string) {
  return class extends pulumi.dynamic.Resource {
    constructor(name: string, props: pulumi.Inputs) {
      super(provider, name, props, undefined, "bench", type);
    }
  };
}

const triggerOf = (triggers: Triggers, i: number) => ({ version: triggers.get(i) ?? 1 });

export const connectorSync: Contender = {
  name: "ConnectorSync",
  program: (targets, triggers) => async () => {
    targets.forEach(({ tenantId, connectorId }, i) => {
      new ConnectorSync(`sync-${i}`, { connectorId, tenantId, triggers: triggerOf(triggers, i) });
    });
  },
};

/** The engine's floor: a dynamic resource that stores its inputs and calls nothing. */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `noop-${inputs.connectorId}`, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: JSON.stringify(olds.triggers) !== JSON.stringify(news.triggers) };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};

const Noop = dynamicResource(noopProvider, "Noop");

export const noop: Contender = {
  name: "no-op dynamic resource",
  program: (targets, triggers) => async () => {
    targets.forEach(({ connectorId }, i) => {
      new Noop(`noop-${i}`, {
        connectorId,
        triggers: triggerOf(triggers, i),
      });
    });
  },
};

/**
 * The floor again, holding what ConnectorSync holds: the inputs the program
 * gives, its tenant, and the record of a sync, registered as ConnectorSync
 * registers them. No code of ours runs in it, so its distance from the floor
 * is the engine's and the SDK's price of the properties themselves.
 */
const sameShapeProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const { randomUUID } = require("node:crypto");
    const recorded = {
      syncCount: 1,
      lastSyncRequestedAt: new Date().toISOString(),
      lastRequestId: randomUUID(),
      lastClientRequestId: randomUUID(),
      connectorFound: true,
      syncPending: false,
    };
    return { id: `same-shape-${inputs.connectorId}`, outs: { ...inputs, recorded } };
  },
  diff: noopProvider.diff,
};

const SameShape = dynamicResource(sameShapeProvider, "SameShape");

export const sameShape: Contender = {
  name: "no-op with ConnectorSync's properties",
  program: (targets, triggers) => async () => {
    const named = Object.fromEntries(registeredNames.map((name) => [name, undefined]));
    targets.forEach(({ tenantId, connectorId }, i) => {
      new SameShape(`same-shape-${i}`, {
        ...named,
        connectorId,
        tenantId,
        cloud: inputDefaults.cloud,
        triggers: triggerOf(triggers, i),
      });
    });
  },
};

/**
 * What users write instead: a shell command that gets a token and POSTs the
 * sync with curl, re-run (replaced) when its triggers change, as
 * `@pulumi/command`'s local.Command does. The command plugin cannot be
 * installed on this machine (see BENCHMARKS.md), so a dynamic resource runs
 * the same command the same way: one shell per create.
 */
const curlScript = `set -eu
token=$(curl -sf --cacert "$CONNECTOR_SYNC_CA_CERT" \\
  -d grant_type=client_credentials -d client_id="$AZURE_CLIENT_ID" \\
  --data-urlencode client_secret="$AZURE_CLIENT_SECRET" \\
  --data-urlencode scope=https://graph.microsoft.com/.default \\
  "$AZURE_AUTHORITY_HOST/$TENANT_ID/oauth2/v2.0/token" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
curl -sf --cacert "$CONNECTOR_SYNC_CA_CERT" -X POST -H "Authorization: Bearer $token" \\
  -H "Content-Type: application/json" -d '{"syncType":"deltaSync"}' \\
  "$CONNECTOR_SYNC_GRAPH_ENDPOINT/beta/deviceManagement/exchangeConnectors/$CONNECTOR_ID/sync"`;

const commandProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const { execFile } = require("node:child_process");
    const env = { ...process.env, TENANT_ID: inputs.tenantId, CONNECTOR_ID: inputs.connectorId };
    await new Promise<void>((resolve, reject) =>
      execFile("sh", ["-c", inputs.create], { env }, (error: Error | null) =>
        error ? reject(error) : resolve(),
      ),
    );
    return { id: `command-${inputs.connectorId}`, outs: inputs };
  },
  async diff(_id, olds, news) {
    const changed = JSON.stringify(olds.triggers) !== JSON.stringify(news.triggers);
    return { changes: changed, replaces: changed ? ["triggers"] : [] };
  },
};

const Command = dynamicResource(commandProvider, "Command");

export const command: Contender = {
  name: "curl command (local.Command stand-in)",
  program: (targets, triggers) => async () => {
    targets.forEach(({ tenantId, connectorId }, i) => {
      new Command(`command-${i}`, {
        tenantId,
        connectorId,
        create: curlScript,
        triggers: triggerOf(triggers, i),
      });
    });
  },
};

/**
 * The anchor for state size: a provider that captures an axios client and a
 * credential by value, as a first dynamic provider often does. It syncs
 * nothing; the benchmark serializes it as a dynamic resource would.
 */
export function naiveProvider(tenantId: string): pulumi.dynamic.ResourceProvider {
  const axios = require("axios");
  const { ClientSecretCredential } = require("@azure/identity");
  const client = axios.create({ baseURL: process.env.CONNECTOR_SYNC_GRAPH_ENDPOINT, timeout: 60_000 });
  const credential = new ClientSecretCredential(tenantId, "client-id", "not-a-real-secret-0000");
  return {
    async create(inputs) {
      void client;
      void credential;
      return { id: `naive-${inputs.connectorId}`, outs: inputs };
    },
  };
}

/** Another anchor: ConnectorSync's own provider captured by value, as it would be without the shim. */
export const byValue: Contender = {
  name: "ConnectorSync's provider captured by value (no shim)",
  program: (targets, triggers) => async () => {
    const ByValue = dynamicResource(connectorSyncProvider, "ByValue");
    targets.forEach(({ tenantId, connectorId }, i) => {
      new ByValue(`by-value-${i}`, { connectorId, tenantId, triggers: triggerOf(triggers, i) });
    });
  },
};
