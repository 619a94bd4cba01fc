import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { chart } from "./chart";
import { command, connectorSync, noop, sameShape } from "./contenders";
import { type Op, ops } from "./figures";
import { parallel } from "./limits";
import type { BenchResults } from "./run";
import { median } from "./setup";

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
/** Issue 11's goals against the no-op floor, as ratios; the report's text says them from here. */
const goal = { preview: 1.05, firstUp: 1.15, noopUp: 1.05 };
/** A Markdown table with padded columns, as Biome formats one. */
function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}

function machine(): string {
  const pulumi = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}, Pulumi CLI ${pulumi} (file backend)`;
}

/** Writes BENCHMARKS.md into `dir`, and the raw figures and the chart beside it (`bench/results/` for a full run). */
export function writeReport(results: BenchResults, dir: string, elapsedMs: number): string[] {
  // A report written again from raw figures describes the machine they came from.
  const host = (results as { machine?: string }).machine ?? machine();
  const date = (results as { date?: string }).date ?? new Date().toISOString();
  const dataDir = results.mode === "full" ? join(dir, "bench", "results") : dir;
  mkdirSync(dataDir, { recursive: true });
  const files = {
    md: join(dir, "BENCHMARKS.md"),
    json: join(dataDir, "benchmarks.json"),
    svg: join(dataDir, "time-vs-n.svg"),
  };
  writeFileSync(files.json, `${JSON.stringify({ ...results, machine: host, date, elapsedMs }, null, 2)}\n`);
  writeFileSync(files.svg, chart(results.timing.medians, results.timing.sizes));
  writeFileSync(
    files.md,
    markdown(
      results,
      elapsedMs,
      results.mode === "full" ? "bench/results/time-vs-n.svg" : "time-vs-n.svg",
      host,
      date,
    ),
  );
  return Object.values(files);
}

/** The template's `<!-- if flag -->…<!-- end -->` blocks kept or dropped, then its `{{name}}`s filled in. */
export function fill(template: string, values: Record<string, string | number | boolean>): string {
  const lookup = (name: string) => {
    if (!(name in values))
      throw new Error(`bench/report.template.md names {{${name}}}, which the report does not give.`);
    return values[name];
  };
  return template
    .replace(/<!-- if ([\w.]+) -->\n([\s\S]*?)<!-- end -->\n/g, (_, flag, body) => (lookup(flag) ? body : ""))
    .replace(/\{\{([\w.]+)\}\}/g, (_, name) => String(lookup(name)));
}

const template = () => readFileSync(join(__dirname, "../../bench/report.template.md"), "utf8");

const nodeCategory = "Node.js (TLS, HTTP, module loading)";
/** A profile's milliseconds of work: every category but idle. */
const busy = (byCategory: Record<string, number>) =>
  Object.entries(byCategory).reduce((sum, [name, ms]) => (name === "idle" ? sum : sum + ms), 0);

function markdown(r: BenchResults, elapsedMs: number, svgPath: string, host: string, date: string): string {
  const e = r.economy;
  const economyRows = Object.entries(e.rows).flatMap(([name, phases]) =>
    Object.entries(phases).map(([phase, c]) => [name, phase, c.token, c.graph, c.posts, c.effective]),
  );
  const cs = r.timing.medians[connectorSync.name];
  const floor = r.timing.medians[noop.name];
  const shaped = r.timing.medians[sameShape.name];
  const cmd = r.timing.medians[command.name];
  const timingRows = r.timing.sizes.flatMap((n) =>
    ops.map((op) => [
      n,
      op,
      s(cs[n][op]),
      s(floor[n][op]),
      s(shaped[n][op]),
      s(cmd[n][op]),
      ratio(cs[n][op], floor[n][op]),
      ratio(cs[n][op], shaped[n][op]),
      ratio(cs[n][op], cmd[n][op]),
    ]),
  );
  const bytes = (value: number) => (Number.isFinite(value) ? value : "—");
  const stateRows = Object.entries(r.state.rows).map(([name, v]) => [
    name,
    bytes(v.providerBytes),
    bytes(v.stateBytesPerResource),
    v.outputs.length || "—",
    v.error ? `fails: ${v.error}` : "works",
  ]);
  // The CPU of each step at the largest N: where a gap in wall time was spent.
  const largest = Math.max(...r.timing.sizes);
  // A preview and a no-op up send nothing: within their goal of the same-properties floor, the gap is the properties'.
  const reads = ["preview", "noopUp"] as const;
  const readsMissed = reads.some((op) => cs[largest][op] > goal[op] * floor[largest][op]);
  // How far apart one contender's runs of a step lie, and the fastest of each: what a median's ratio can tell.
  const runsOf = (name: string, op: Op) => r.timing.samples[name][largest][op] ?? [];
  const spread = (values: number[]) =>
    `${Math.round((100 * (Math.max(...values) - Math.min(...values))) / median(values))}%`;
  const readsExplained = reads.every((op) => cs[largest][op] <= goal[op] * shaped[largest][op]);
  const cpuRows = ops.flatMap((op) =>
    Object.entries(r.timing.medians).map(([name, byN]) => [
      op,
      name,
      s(byN[largest][op]),
      `${byN[largest][`${op}EngineCpu`].toFixed(2)} s`,
      `${byN[largest][`${op}ProgramCpu`].toFixed(2)} s`,
    ]),
  );
  const { scale: sc, faults: fa, interruption: it, coldStart: cold, profile: pr } = r;
  const latency = (l: { medianMs: number; jitterMs: number }) => `${l.medianMs} ± ${l.jitterMs} ms`;
  const limitRows = r.limits.map((c) => [
    c.name,
    `${c.n} / ${c.tenants}`,
    `${latency(c.latency.graph)} / ${latency(c.latency.token)}`,
    `${c.limits.perAppPerTenant} per ${c.limits.windowSeconds} s`,
    `${s(c.limitMs)} (${c.binding})`,
    s(c.ownRateMs),
    s(c.paced.wallMs),
    ratio(c.paced.wallMs, c.limitMs),
    `${c.paced.throttled}`,
    `${c.paced.posts} / ${c.paced.synced}`,
    `${s(c.unpaced.wallMs)}, ${c.unpaced.throttled} × 429`,
  ]);
  const ms = (value: number | undefined) => `${Math.round(value ?? 0)} ms`;
  // Per category, ConnectorSync beside the floor for each step.
  const bySteps = (cell: (step: BenchResults["profile"]["floor"][Op]) => string) =>
    ops.flatMap((op) => [cell(pr.ConnectorSync[op]), cell(pr.floor[op])]);
  const profileRows = [
    ...pr.categories.map((name) => [`provider: ${name}`, ...bySteps((step) => ms(step.providerMs[name]))]),
    ["engine, plugins and provider (CPU)", ...bySteps((step) => s(step.engineAndPluginsCpu * 1000))],
    ["emulator and inline program (CPU)", ...bySteps((step) => s(step.emulatorAndProgramCpu * 1000))],
  ];
  const [csUp, floorUp] = [pr.ConnectorSync.firstUp, pr.floor.firstUp];
  const [csPreview, floorPreview] = [pr.ConnectorSync.preview, pr.floor.preview];
  return fill(template(), {
    runKind: r.mode === "full" ? "A full run" : "A quick run (the one `npm test` asserts)",
    date: date.slice(0, 10),
    elapsed: s(elapsedMs),
    machine: host,
    "economy.n": e.n,
    "economy.k": e.k,
    "economy.tenants": e.tenants,
    "economy.table": table(
      ["contender", "run", "token requests", "Graph requests", "sync POSTs", "204s"],
      economyRows,
    ),
    "timing.reps": r.timing.reps,
    "timing.table": table(
      [
        "N",
        "run",
        "ConnectorSync",
        "no-op floor",
        "floor, same properties",
        "curl command",
        "vs floor",
        "vs same properties",
        "vs command",
      ],
      timingRows,
    ),
    "timing.chart": svgPath,
    "timing.cpuTable": table(
      ["run", "contender", "wall time", "engine and provider CPU", "emulator and program CPU"],
      cpuRows,
    ),
    "timing.largest": largest,
    "goal.firstUp": `${goal.firstUp}x`,
    "goal.reads": `${goal.preview}x`,
    "timing.firstUpMissed": r.timing.sizes.some((n) => cs[n].firstUp > goal.firstUp * floor[n].firstUp),
    "timing.readsMissed": readsMissed,
    "timing.shapeExplains": readsMissed && readsExplained,
    "timing.shapeMissed": readsMissed && !readsExplained,
    ...Object.fromEntries(
      ops.flatMap((op) => [
        [`timing.${op}.vsFloor`, ratio(cs[largest][op], floor[largest][op])],
        [`timing.${op}.vsShape`, ratio(cs[largest][op], shaped[largest][op])],
        [`timing.${op}.shapeVsFloor`, ratio(shaped[largest][op], floor[largest][op])],
        [`timing.${op}.floorSpread`, spread(runsOf(noop.name, op))],
        [`timing.${op}.spread`, spread(runsOf(connectorSync.name, op))],
        [
          `timing.${op}.fastestVsFloor`,
          ratio(Math.min(...runsOf(connectorSync.name, op)), Math.min(...runsOf(noop.name, op))),
        ],
      ]),
    ),
    "timing.properties": r.state.rows[connectorSync.name].outputs.length,
    "timing.floorProperties": r.state.rows[noop.name].outputs.length,
    "state.n": r.state.n,
    "state.table": table(
      ["contender", "__provider bytes", "state bytes per resource", "properties", "under the engine"],
      stateRows,
    ),
    "state.shimBytes": r.state.rows.ConnectorSync.providerBytes,
    "coldStart.reps": r.coldStart.reps,
    "coldStart.preview": s(cold.previewMs),
    "coldStart.loadedInPreview":
      cold.loadedInPreview.length === 0
        ? "neither axios nor @azure/identity"
        : cold.loadedInPreview.join(", "),
    "coldStart.firstSync": s(cold.firstSyncMs),
    "coldStart.loadedAfterSync": cold.loadedAfterSync.join(", "),
    "scale.n": sc.n,
    "scale.tenants": sc.tenants,
    "scale.capacity": sc.throttle.capacity,
    "scale.refillPerSecond": sc.throttle.refillPerSecond,
    "scale.created": sc.created,
    "scale.effectiveSyncs": sc.effectiveSyncs,
    "scale.most204sForOneResource": sc.most204sForOneResource,
    "scale.throttled": sc.throttled,
    "scale.tokenRequests": sc.tokenRequests,
    "scale.wall": s(sc.wallMs),
    "scale.floor": s(sc.floorMs),
    "scale.ratio": ratio(sc.wallMs, Math.max(sc.floorMs, 1)),
    "faults.percent": fa.rate * 100,
    "faults.n": fa.n,
    "faults.injected": fa.faultsInjected,
    "faults.withOneSync": fa.resourcesWithOneSync,
    "faults.withMore": fa.resourcesWithMore,
    "faults.wall": s(fa.wallMs),
    "interruption.n": it.n,
    "interruption.interrupted": it.interrupted,
    "interruption.syncedBeforeSecondUp": it.syncedBeforeSecondUp,
    "interruption.inStateAfterSignal": it.inStateAfterSignal,
    "interruption.secondUpCreated": it.secondUpCreated,
    // Raw figures from before these two were measured have neither.
    "interruption.secondUpRegistered": it.secondUpRegistered ?? "(not measured in this run)",
    "interruption.pendingWarning":
      it.pendingWarning === undefined
        ? "(not measured in this run)"
        : it.pendingWarning === null
          ? "none"
          : `"${it.pendingWarning}"`,
    "interruption.inStateAtEnd": it.inStateAtEnd,
    "interruption.everyConnectorSynced": it.notSynced.length === 0,
    "interruption.duplicates": it.duplicates,
    "interruption.registrationLost": it.secondUpRegistered !== undefined && it.secondUpRegistered < it.n,
    "interruption.leftPending": Boolean(it.pendingWarning),
    "interruption.noDuplicate": it.duplicates === 0,
    "interruption.duplicated": it.duplicates > 0,
    "limits.parallel": parallel,
    "limits.table": table(
      [
        "case",
        "N / tenants",
        "latency: Graph / token",
        "limit per app",
        "physical limit (binding term)",
        "its sync rate alone",
        "ConnectorSync",
        "vs limit",
        "429s",
        "POSTs / 204s",
        "sync rate lifted",
      ],
      limitRows,
    ),
    "profile.n": pr.n,
    "profile.engineExtra": s((csUp.engineAndPluginsCpu - floorUp.engineAndPluginsCpu) * 1000),
    "profile.providerExtra": s(busy(csUp.providerMs) - busy(floorUp.providerMs)),
    "profile.nodeExtra": s((csUp.providerMs[nodeCategory] ?? 0) - (floorUp.providerMs[nodeCategory] ?? 0)),
    "profile.ours": ms(csUp.providerMs["ConnectorSync's provider"]),
    "profile.previewBusy": ms(busy(csPreview.providerMs)),
    "profile.previewFloorBusy": ms(busy(floorPreview.providerMs)),
    "profile.previewOurs": ms(csPreview.providerMs["ConnectorSync's provider"]),
    "profile.engineShare":
      busy(csUp.providerMs) - busy(floorUp.providerMs) >=
      (csUp.engineAndPluginsCpu - floorUp.engineAndPluginsCpu) * 1000
        ? "That is all of the gap: the engine itself spent no more on ConnectorSync than on the floor."
        : "The rest of the gap is the engine's own, for the bigger resources it registers and diffs.",
    "state.perResource": r.state.rows.ConnectorSync.stateBytesPerResource,
    "state.floorPerResource": r.state.rows[noop.name].stateBytesPerResource,
    "profile.table": table(
      ["where", ...ops.flatMap((op) => [`${op}: ConnectorSync`, `${op}: floor`])],
      profileRows,
    ),
  });
}
