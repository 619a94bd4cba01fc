// The actions' routes, for the one route table (../routes.ts): per entry, its list (an entity set's),
// its entity (by key, or the singleton) and its sync.
import type { Graph, GraphCaller } from "../graph";
import type { Context } from "../http";
import type { Parts } from "../parts";
import type { RouteEntry } from "../routes";
import { answer } from "./answers";
import type { ActionEntry } from "./entry";
import { actions } from "./index";

const graphCaller = ({ graph }: { graph: Graph }, ctx: Context) => graph.authenticate(ctx);

function routesOf(entry: ActionEntry): RouteEntry<GraphCaller>[] {
  const base = `/{version}/${entry.path}`;
  const one = entry.singleton ? base : `${base}/{key}`;
  const template = entry.singleton ? "~/singleton/navigation" : "~/singleton/navigation/key";
  const common = {
    service: "intune" as const,
    caller: (parts: Parts, ctx: Context) => graphCaller(parts, ctx),
  };
  const list: RouteEntry<GraphCaller>[] = entry.routes.list
    ? [
        {
          ...common,
          methods: ["GET"],
          path: base,
          name: entry.routes.list,
          odataTemplate: "~/singleton/navigation",
          handle: answer(entry, "list"),
        },
      ]
    : [];
  return [
    ...list,
    {
      ...common,
      methods: ["GET"],
      path: one,
      name: entry.routes.get,
      odataTemplate: template,
      handle: answer(entry, "get"),
    },
    {
      ...common,
      methods: ["POST"],
      path: `${one}/${entry.action}`,
      name: entry.routes.sync,
      odataTemplate: `${template}/action`,
      handle: answer(entry, "sync"),
    },
  ];
}

export const actionRoutes: RouteEntry<GraphCaller>[] = actions.flatMap(routesOf);
