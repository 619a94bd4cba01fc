import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectMethod } from "../../provider/credentials/select";
import { readSettings } from "../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider settings", () => {
  it("take stack config first, then the Azure SDK's environment variables", () => {
    const settings = readSettings(config({ "connectorSync:tenantId": "from-config" }), {
      AZURE_TENANT_ID: "from-env",
      AZURE_CLIENT_ID: "client-from-env",
      CONNECTOR_SYNC_GRAPH_ENDPOINT: "https://127.0.0.1:9",
    });
    assert.equal(settings.tenantId, "from-config");
    assert.equal(settings.clientId, "client-from-env");
    assert.equal(settings.graphEndpoint, "https://127.0.0.1:9");
  });

  it("name the key, the value and what is allowed when a value is bad", () => {
    assert.throws(() => readSettings(config({ "connectorSync:cloud": "mars" }), {}), {
      name: "ConnectorSyncError",
      code: "InvalidSetting",
      setting: "connectorSync:cloud",
      message:
        "connectorSync:cloud is 'mars': it must be one of global, usGovernment, usGovernmentDoD, china.\n(InvalidSetting)",
    });
    assert.throws(
      () => readSettings(undefined, { CONNECTOR_SYNC_AUTH_METHOD: "password" }),
      /CONNECTOR_SYNC_AUTH_METHOD is 'password'/,
    );
    assert.throws(
      () => readSettings(config({ "connectorSync:maxConcurrentRequests": "-1" }), {}),
      /positive number/,
    );
  });
});

describe("credential selection", () => {
  it("prefers a secret, then a certificate, a token file, GitHub and Azure Pipelines OIDC, then the default chain", () => {
    assert.equal(selectMethod({ clientSecret: "s", clientCertificatePath: "p" }, {}), "clientSecret");
    assert.equal(
      selectMethod({ clientCertificatePath: "p", federatedTokenFile: "f" }, {}),
      "clientCertificate",
    );
    assert.equal(
      selectMethod({ federatedTokenFile: "f" }, { ACTIONS_ID_TOKEN_REQUEST_URL: "u" }),
      "workloadIdentity",
    );
    const github = { ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" };
    assert.equal(selectMethod({}, github), "githubOidc");
    const pipelines = { SYSTEM_OIDCREQUESTURI: "u", AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "sc" };
    assert.equal(selectMethod({}, pipelines), "azurePipelinesOidc");
    assert.equal(selectMethod({}, {}), "default");
  });

  it("lets a setting force one method", () => {
    assert.equal(selectMethod({ authMethod: "default", clientSecret: "s" }, {}), "default");
  });
});
