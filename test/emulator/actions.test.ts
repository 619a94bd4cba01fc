import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../../emulator";
import { defaultConfig } from "../../emulator/config";
import { fixtures } from "../../support/emulator";
import { type Answer, call, tokenFor } from "../support/https";

const vpp = "deviceAppManagement/vppTokens";
const autopilot = "deviceManagement/windowsAutopilotSettings";
const dep = "deviceManagement/depOnboardingSettings";
const play = "deviceManagement/androidManagedStoreAccountEnterpriseSettings";
const minutes = (n: number) => n * 60_000;

/** Intune's Message inside the envelope's JSON string. */
const intuneMessage = (answer: Answer) => JSON.parse(answer.body.error.message).Message as string;

describe("the emulator's other sync actions: VPP, Windows Autopilot, DEP, Managed Google Play", () => {
  let emu: Emulator;
  let f: ReturnType<typeof fixtures>;
  // Every rule and completion reads this clock: a test steps it instead of waiting.
  const start = Date.parse("2026-03-02T09:00:00Z");
  let now = start;
  const at = (ms: number) => {
    now = start + ms;
  };
  const tokens: Record<string, string> = {};
  const get = (path: string, who = "admin", version = "beta") =>
    call(emu, "GET", `/${version}/${path}`, { token: tokens[who] });
  const post = (path: string, who = "admin", version = "beta", json?: unknown) =>
    call(emu, "POST", `/${version}/${path}`, { token: tokens[who], json });

  before(async () => {
    const config = { ...defaultConfig(), syncCompletionMs: 5000, pageSize: 1 };
    emu = await startEmulator({ config, clock: () => now });
    f = fixtures(emu);
    const admin = emu.config.apps.find((a) => a.displayName === "intune-admin")!;
    tokens.admin = await tokenFor(emu, f.tenantA, admin.appId, admin.secrets![0]);
    tokens.adminB = await tokenFor(emu, f.tenantB, admin.appId, admin.secrets![0]);
    tokens.writer = await tokenFor(emu, f.tenantA, f.writer.clientId, f.writer.secret);
    tokens.reader = await tokenFor(emu, f.tenantA, f.reader.clientId, f.reader.secret);
  });
  after(() => emu?.stop());

  describe("VPP tokens", () => {
    it("lists in pages: @odata.nextLink carries $select and the next $skiptoken, the last page has none", async () => {
      const first = await get(`${vpp}?$select=state,token`);
      assert.equal(first.status, 200);
      assert.deepEqual(first.body.value, [
        { id: "contoso-vpp-1", state: "valid", token: "emulator-vpp-token-SECRET-contoso-1" },
      ]);
      const next = new URL(first.body["@odata.nextLink"]);
      assert.equal(next.origin, emu.url);
      assert.equal(next.searchParams.get("$select"), "state,token");
      const second = await call(emu, "GET", next.pathname + next.search, { token: tokens.admin });
      assert.deepEqual(
        second.body.value.map((t: any) => [t.id, t.state]),
        [["contoso-vpp-2", "expired"]],
      );
      assert.equal(second.body["@odata.nextLink"], undefined);
      assert.equal((await get(`${vpp}?$skiptoken=nope`)).status, 400);
    });

    it("gets one with every field, the token among them (a secret Graph returns), and refuses an unknown key", async () => {
      const one = await get(`${vpp}/contoso-vpp-1`, "admin", "v1.0");
      assert.equal(one.status, 200);
      assert.deepEqual(Object.keys(one.body).sort(), [
        "@odata.context",
        "appleId",
        "countryOrRegion",
        "displayName",
        "expirationDateTime",
        "id",
        "lastSyncDateTime",
        "lastSyncStatus",
        "organizationName",
        "state",
        "token",
      ]);
      const missing = await get(`${vpp}/nothing`);
      assert.deepEqual([missing.status, missing.body.error.code], [404, "ResourceNotFound"]);
      assert.match(
        intuneMessage(missing),
        /StatelessAppleVppFEService\/deviceAppManagement\/vppTokens%28%27nothing%27%29/,
      );
    });

    it("syncLicenses answers 200 with the token in progress, on v1.0 and beta; it completes syncCompletionMs later", async () => {
      at(0);
      for (const version of ["v1.0", "beta"]) {
        const synced = await post(`${vpp}/contoso-vpp-1/syncLicenses`, "admin", version);
        assert.equal(synced.status, 200);
        assert.equal(synced.body.value, undefined, "one entity, unwrapped");
        assert.deepEqual([synced.body.id, synced.body.lastSyncStatus], ["contoso-vpp-1", "inProgress"]);
        assert.equal(synced.body.token, "emulator-vpp-token-SECRET-contoso-1");
      }
      at(4999);
      assert.equal((await get(`${vpp}/contoso-vpp-1`)).body.lastSyncStatus, "inProgress");
      at(5000);
      const done = await get(`${vpp}/contoso-vpp-1`);
      assert.deepEqual(
        [done.body.lastSyncStatus, done.body.lastSyncDateTime],
        ["completed", new Date(start + 5000).toISOString()],
      );
    });

    it("takes no body but {}; a read-only token's 403 names the three scopes in Intune's Message", async () => {
      const bad = await post(`${vpp}/contoso-vpp-1/syncLicenses`, "admin", "beta", { force: true });
      assert.equal(bad.status, 400);
      assert.equal((await post(`${vpp}/contoso-vpp-1/syncLicenses`, "admin", "beta", {})).status, 200);
      const refused = await post(`${vpp}/contoso-vpp-1/syncLicenses`, "reader");
      assert.deepEqual([refused.status, refused.body.error.code], [403, "Forbidden"]);
      assert.match(
        intuneMessage(refused),
        /^Application is not authorized to perform this operation\. Application must have one of the following scopes: DeviceManagementApps\.ReadWrite\.All, DeviceManagementServiceConfig\.ReadWrite\.All, DeviceManagementConfiguration\.ReadWrite\.All - Operation ID \(for customer support\): /,
      );
      assert.equal((await get(`${vpp}/contoso-vpp-1`, "reader")).status, 200, "ServiceConfig.Read.All reads");
    });
  });

  describe("Windows Autopilot settings (beta)", () => {
    it("a singleton, beta only: v1.0 is Graph's 400 for an unknown segment", async () => {
      const got = await get(autopilot);
      assert.deepEqual([got.status, got.body.id, got.body.syncStatus], [200, f.tenantA, "completed"]);
      const v1 = await post(`${autopilot}/sync`, "admin", "v1.0");
      assert.equal(v1.status, 400);
      assert.equal(v1.body.error.message, "Resource not found for the segment 'windowsAutopilotSettings'.");
    });

    it("204; 409 while it runs; 429 until 10 minutes after lastManualSyncTriggerDateTime; completed after the delay", async () => {
      at(minutes(60));
      assert.equal((await post(`${autopilot}/sync`, "writer")).status, 204);
      const running = await get(autopilot);
      assert.deepEqual(
        [running.body.syncStatus, running.body.lastManualSyncTriggerDateTime],
        ["inProgress", new Date(now).toISOString()],
      );
      const conflict = await post(`${autopilot}/sync`, "writer");
      assert.deepEqual([conflict.status, conflict.body.error.code], [409, "Conflict"]);
      at(minutes(60) + 5000);
      const done = await get(autopilot);
      assert.deepEqual(
        [done.body.syncStatus, done.body.lastSyncDateTime],
        ["completed", new Date(now).toISOString()],
      );
      at(minutes(70) - 1);
      const early = await post(`${autopilot}/sync`, "writer");
      assert.deepEqual([early.status, early.body.error.code], [429, "TooManyRequests"]);
      at(minutes(70));
      assert.equal((await post(`${autopilot}/sync`, "writer")).status, 204);
    });
  });

  describe("DEP onboarding settings (beta)", () => {
    it("lists in pages (fabrikam has two), gets one by key", async () => {
      const first = await get(dep, "adminB");
      assert.deepEqual(
        first.body.value.map((d: any) => d.id),
        ["fabrikam-dep-1"],
      );
      const next = new URL(first.body["@odata.nextLink"]);
      const second = await call(emu, "GET", next.pathname + next.search, { token: tokens.adminB });
      assert.deepEqual(
        second.body.value.map((d: any) => d.id),
        ["fabrikam-dep-2"],
      );
      const one = await get(`${dep}/contoso-dep-1?$select=lastSyncErrorCode`);
      assert.deepEqual(one.body.lastSyncErrorCode, 0);
      assert.equal((await get(dep, "admin", "v1.0")).status, 400);
    });

    it("204; 429 within 15 minutes of lastSyncTriggeredDateTime (the emulator's assumption); completion moves the times", async () => {
      const path = `${dep}/contoso-dep-1/syncWithAppleDeviceEnrollmentProgram`;
      at(minutes(200));
      assert.equal((await post(path, "writer")).status, 204);
      assert.equal(
        (await get(`${dep}/contoso-dep-1`)).body.lastSyncTriggeredDateTime,
        new Date(now).toISOString(),
      );
      at(minutes(215) - 1);
      const early = await post(path, "writer");
      assert.deepEqual([early.status, early.body.error.code], [429, "TooManyRequests"]);
      const done = await get(`${dep}/contoso-dep-1`);
      assert.equal(done.body.lastSuccessfulSyncDateTime, new Date(start + minutes(200) + 5000).toISOString());
      at(minutes(215));
      emu.actions.set({
        entitySet: "depOnboardingSettings",
        tenantId: f.tenantA,
        id: "contoso-dep-1",
        nextSyncFails: true,
      });
      assert.equal((await post(path, "writer")).status, 204);
      at(minutes(216));
      assert.equal(
        emu.actions.get("depOnboardingSettings", f.tenantA, "contoso-dep-1")!.lastSyncErrorCode,
        1,
      );
    });
  });

  describe("Managed Google Play (beta)", () => {
    it("204 when bound, and lastAppSyncStatus success after the delay", async () => {
      at(minutes(300));
      assert.equal((await post(`${play}/syncApps`)).status, 204);
      at(minutes(300) + 5000);
      const done = await get(play);
      assert.deepEqual(
        [done.body.lastAppSyncStatus, done.body.lastAppSyncDateTime],
        ["success", new Date(now).toISOString()],
      );
    });

    it("refused while not bound (400, the emulator's assumption), until a control call binds it", async () => {
      const refused = await post(`${play}/syncApps`, "adminB");
      assert.deepEqual([refused.status, refused.body.error.code], [400, "BadRequest"]);
      assert.match(intuneMessage(refused), /^The Managed Google Play account is notBound/);
      const bound = await call(emu, "POST", "/_emulator/entities", {
        json: {
          entitySet: "androidManagedStoreAccountEnterpriseSettings",
          tenantId: f.tenantB,
          fields: { bindStatus: "bound" },
        },
      });
      assert.deepEqual([bound.status, bound.body.bindStatus], [200, "bound"]);
      assert.equal((await post(`${play}/syncApps`, "adminB")).status, 204);
    });

    it("the connector's writer (ServiceConfig only) is refused: 403 names DeviceManagementConfiguration.ReadWrite.All", async () => {
      const refused = await post(`${play}/syncApps`, "writer");
      assert.equal(refused.status, 403);
      assert.match(
        intuneMessage(refused),
        /following scopes: DeviceManagementConfiguration\.ReadWrite\.All - Operation ID/,
      );
    });
  });

  describe("control, log, limits", () => {
    it("refuses a malformed control call with a 400, and goes on serving", async () => {
      const set = (json: unknown) => call(emu, "POST", "/_emulator/entities", { json });
      const key = { entitySet: "vppTokens", tenantId: f.tenantA, id: "contoso-vpp-1" };
      for (const json of [
        { entitySet: { toString: 1 }, tenantId: f.tenantA },
        { ...key, tenantId: 7 },
        { ...key, fields: null },
        { ...key, fields: { state: { nested: 1 } } },
        { ...key, fields: ["state"] },
      ]) {
        assert.equal((await set(json)).status, 400, JSON.stringify(json));
      }
      assert.equal((await get(`${vpp}/contoso-vpp-1`)).status, 200);
    });

    it("a running sync completes though a field was set meanwhile", async () => {
      at(minutes(300));
      assert.equal((await post(`${vpp}/contoso-vpp-2/syncLicenses`)).status, 200);
      const set = {
        entitySet: "vppTokens",
        tenantId: f.tenantA,
        id: "contoso-vpp-2",
        fields: { displayName: "renamed" },
      };
      assert.equal((await call(emu, "POST", "/_emulator/entities", { json: set })).status, 200);
      at(minutes(300) + 5000);
      const token = (await get(`${vpp}/contoso-vpp-2`)).body;
      assert.deepEqual([token.lastSyncStatus, token.displayName], ["completed", "renamed"]);
    });

    it("keeps each tenant's entities its own: another tenant's key is a 404", async () => {
      assert.equal((await get(`${vpp}/contoso-vpp-1`, "adminB")).status, 404);
    });

    it("POST /_emulator/entities sets fields (an expired token), refuses unknown ones, and needs the control token", async () => {
      const set = (json: unknown, controlToken?: false) =>
        call(emu, "POST", "/_emulator/entities", { json, controlToken });
      const expired = await set({
        entitySet: "vppTokens",
        tenantId: f.tenantA,
        id: "contoso-vpp-1",
        fields: { state: "expired" },
      });
      assert.deepEqual([expired.status, expired.body.state], [200, "expired"]);
      assert.equal((await get(`${vpp}/contoso-vpp-1`)).body.state, "expired");
      const failed = await set({
        entitySet: "windowsAutopilotSettings",
        tenantId: f.tenantA,
        fields: { syncStatus: "failed" },
      });
      assert.equal(failed.body.syncStatus, "failed");
      assert.equal(
        (await set({ entitySet: "vppTokens", tenantId: f.tenantA, id: "contoso-vpp-1", fields: { id: "x" } }))
          .status,
        400,
      );
      assert.equal((await set({ entitySet: "nothing", tenantId: f.tenantA })).status, 400);
      assert.equal((await set({ entitySet: "vppTokens", tenantId: f.tenantA, id: "nope" })).status, 400);
      assert.equal(
        (await set({ entitySet: "vppTokens", tenantId: f.tenantA, id: "contoso-vpp-1" }, false)).status,
        401,
      );
    });

    it("logs each route by its name, with the key as entityId; another method is Intune's 400 naming the template", async () => {
      emu.log.clear();
      await get(`${vpp}/contoso-vpp-2`);
      await get(play);
      const entries = emu.log.entries();
      assert.deepEqual(
        entries.map((e) => [e.route, e.entityId, e.connectorId]),
        [
          ["getVppToken", "contoso-vpp-2", undefined],
          ["getManagedGooglePlay", undefined, undefined],
        ],
      );
      const other = await call(emu, "DELETE", `/beta/${vpp}/contoso-vpp-2/syncLicenses`, {
        token: tokens.admin,
      });
      assert.equal(other.status, 400);
      assert.match(other.body.error.message, /~\/singleton\/navigation\/key\/action with http verb DELETE/);
    });

    it("Intune's sliding window counts these POSTs per app and tenant, and a fault may answer a route by name", async () => {
      at(minutes(400));
      emu.faults.limits({ windowSeconds: 20, perAppPerTenant: 2 });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(`${vpp}/contoso-vpp-1/syncLicenses`)).status);
        assert.deepEqual(statuses, [200, 200, 429]);
        assert.equal(emu.log.count({ route: "syncVppToken", fault: "limits" }), 1);
      } finally {
        emu.faults.limits(undefined);
      }
      emu.faults.add({ route: "syncManagedGooglePlay", responses: [{ status: 503 }] });
      const unavailable = await post(`${play}/syncApps`);
      assert.equal(unavailable.status, 503);
      assert.match(
        intuneMessage(unavailable),
        /AndroidForWorkFEService\/deviceManagement\/androidManagedStoreAccountEnterpriseSettings\/microsoft\.management\.services\.api\.syncApps/,
      );
    });
  });
});

describe("a tenant with no Windows Autopilot settings", () => {
  it("answers its GET and its sync with Intune's 404, and goes on serving", async () => {
    const config = defaultConfig();
    const tenant = config.tenants[1] as unknown as Record<string, unknown>;
    delete tenant.windowsAutopilotSettings;
    const emu = await startEmulator({ config });
    try {
      const f = fixtures(emu);
      const admin = emu.config.apps.find((a) => a.displayName === "intune-admin")!;
      const token = await tokenFor(emu, f.tenantB, admin.appId, admin.secrets![0]);
      const path = `/beta/${autopilot}`;
      assert.equal((await call(emu, "GET", path, { token })).status, 404);
      assert.equal((await call(emu, "POST", `${path}/sync`, { token })).status, 404);
      const other = await tokenFor(emu, f.tenantA, admin.appId, admin.secrets![0]);
      assert.equal((await call(emu, "GET", path, { token: other })).status, 200);
    } finally {
      await emu.stop();
    }
  });
});
