// The one place that imports both sides: the provider's declaration of each action and the
// emulator's entry for it must agree on what goes over the wire (path, action, versions, body,
// permissions, the properties read), so that a test against the emulator says something of Graph.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { actions as emulated } from "../../emulator/actions";
import { defaultConfig } from "../../emulator/config";
import { allowed } from "../../emulator/permissions";
import { actions } from "../../provider/actions";
import type { Action } from "../../provider/core/action";

const entryOf = (action: Action) => emulated.find((entry) => entry.path === action.entity.path);
const sorted = (values: readonly string[]) => [...values].sort();

describe("the provider's actions and the emulator's entries", () => {
  it("pair up one to one: every action has an entry, and every entry an action", () => {
    const connector = actions.filter((a) => a.entity.path === "deviceManagement/exchangeConnectors");
    assert.equal(connector.length, 1, "the connector, which the emulator serves on routes of its own");
    const paired = actions.filter((action) => entryOf(action) !== undefined);
    assert.equal(paired.length + connector.length, actions.length);
    assert.equal(paired.length, emulated.length);
  });

  for (const action of actions.filter((a) => entryOf(a) !== undefined)) {
    const entry = entryOf(action)!;
    describe(action.name, () => {
      it("POSTs the same bound action, on an entity set's key or on a singleton", () => {
        assert.equal(action.endpoint.action, entry.action);
        assert.equal(action.key === undefined, entry.singleton);
      });

      it("is in the same versions", () => {
        assert.deepEqual(sorted(action.endpoint.versions), sorted(entry.versions));
      });

      it("sends no body, as the emulator, like Graph's page, requires", () => {
        assert.equal(action.endpoint.body, undefined);
      });

      it("names permissions each of which lets the emulator's token sync", () => {
        for (const permission of action.permissions)
          assert.ok(entry.permissions.write.includes(permission), permission);
        assert.equal(
          action.permissions[0],
          entry.permissions.write[0],
          "the same least privileged permission first",
        );
      });

      it("reads only properties the entity has, and never a secret", () => {
        for (const field of action.select) assert.ok(entry.properties.includes(field as never), field);
        for (const secret of ["token", "companyCodes"]) assert.ok(!action.select.includes(secret));
      });
    });
  }

  describe("ConnectorSync", () => {
    const connector = actions.find((a) => a.name === "ConnectorSync")!;
    it("sends its syncType, and names the permission the emulator asks for on beta", () => {
      assert.deepEqual(connector.endpoint.body?.({ syncType: "fullSync" } as never), {
        syncType: "fullSync",
      });
      const beta = allowed("beta", "app", true, defaultConfig());
      for (const permission of connector.permissions) assert.ok(beta.includes(permission), permission);
      assert.deepEqual(sorted(connector.endpoint.versions), ["beta", "v1.0"]);
    });
  });
});
