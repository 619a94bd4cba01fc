import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plaintextSecretWarnings, unknownSettingWarnings } from "../../provider/config-keys";

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

describe("secret settings given as plain text", () => {
  it("are warned of, each with the command that sets it again as a secret", () => {
    const keys = ["connectorSync:clientSecret", "connectorSync:tenantId"];
    const [warning, ...more] = plaintextSecretWarnings(keys, () => false);
    assert.deepEqual(more, []);
    assert.match(warning, /connectorSync:clientSecret is plain text in the stack config/);
    assert.match(
      warning,
      /`pulumi config set --secret connectorSync:clientSecret`, or give it as AZURE_CLIENT_SECRET/,
    );
    assert.deepEqual(
      plaintextSecretWarnings(keys, () => true),
      [],
      "a secret is no news",
    );
  });
});
