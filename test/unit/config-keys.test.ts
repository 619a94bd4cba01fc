import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unknownSettingWarnings } from "../../provider/config-keys";

describe("stack config keys that name no setting", () => {
  it("are each warned of, with the setting meant and the variable used instead", () => {
    const env = { AZURE_TENANT_ID: "11111111-1111-1111-1111-111111111111" };
    const [tenant, namespace, typo, unknown] = unknownSettingWarnings(
      [
        "connectorSync:tenantID",
        "connectorsync:tenantId",
        "connectorSync:syncRat",
        "connectorSync:favouriteColour",
      ],
      env,
    );
    assert.match(
      tenant,
      /'connectorSync:tenantID' is not a setting of this package, and is ignored\. Did you mean 'connectorSync:tenantId'\? Until then AZURE_TENANT_ID from the environment is used\./,
    );
    assert.match(
      namespace,
      /'connectorsync:tenantId' .*\(the namespace is 'connectorSync', case-sensitive\)\. Did you mean 'connectorSync:tenantId'\?/,
    );
    assert.match(typo, /Did you mean 'connectorSync:syncRate'\?/);
    assert.doesNotMatch(unknown, /Did you mean/);
  });

  it("leave the settings, other namespaces and every value alone", () => {
    const keys = [
      "connectorSync:tenantId",
      "connectorSync:clientSecret",
      "aws:region",
      "project:connectorId",
    ];
    assert.deepEqual(unknownSettingWarnings(keys, {}), []);
  });
});
