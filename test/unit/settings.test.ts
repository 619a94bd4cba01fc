import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectMethod } from "../../provider/credentials/select";
import { asConnectorSyncError, ConnectorSyncError } from "../../provider/errors";
import { readSettings } from "../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider settings", () => {
  it("take stack config first, then the Azure SDK's environment variables", () => {
    const settings = readSettings(config({ "connectorSync:tenantId": "contoso.onmicrosoft.com" }), {
      AZURE_TENANT_ID: "fabrikam.onmicrosoft.com",
      AZURE_CLIENT_ID: "5d1c7f0e-3b2a-4c6d-8e9f-a1b2c3d4e5f6",
      CONNECTOR_SYNC_GRAPH_ENDPOINT: "https://127.0.0.1:9",
    });
    assert.equal(settings.tenantId, "contoso.onmicrosoft.com");
    assert.equal(settings.clientId, "5d1c7f0e-3b2a-4c6d-8e9f-a1b2c3d4e5f6");
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
      /connectorSync:maxConcurrentRequests is '-1': it must be a whole number from 1 to 256\./,
    );
  });

  /** Asserts that reading these settings throws a ConnectorSyncError naming `where`. */
  const refused = (
    values: Record<string, string>,
    env: Record<string, string>,
    where: string,
    code = "InvalidSetting",
  ) =>
    assert.throws(
      () => readSettings(config(values), env),
      (error: ConnectorSyncError) => {
        assert.ok(error instanceof ConnectorSyncError, String(error));
        assert.equal(error.code, code);
        assert.equal(error.setting, where);
        assert.ok(error.message.startsWith(`${where} is `), error.message);
        return true;
      },
    );

  it("refuse a tenant that is no GUID or domain, from config or the environment", () => {
    refused({}, { AZURE_TENANT_ID: "evil.com/.." }, "AZURE_TENANT_ID");
    refused({ "connectorSync:tenantId": "contoso tenant" }, {}, "connectorSync:tenantId");
    refused({}, { AZURE_TENANT_ID: "contoso.onmicrosoft.com/../organizations" }, "AZURE_TENANT_ID");
    assert.equal(
      readSettings(undefined, { AZURE_TENANT_ID: "contoso.onmicrosoft.com" }).tenantId,
      "contoso.onmicrosoft.com",
    );
  });

  it("refuse numbers out of range: a timeout past Node's timers, a fractional or zero concurrency", () => {
    refused({ "connectorSync:requestTimeoutSeconds": "2147484" }, {}, "connectorSync:requestTimeoutSeconds");
    refused({ "connectorSync:requestTimeoutSeconds": "1e9" }, {}, "connectorSync:requestTimeoutSeconds");
    refused({ "connectorSync:maxConcurrentRequests": "1.5" }, {}, "connectorSync:maxConcurrentRequests");
    refused({ "connectorSync:maxConcurrentRequests": "0" }, {}, "connectorSync:maxConcurrentRequests");
    refused({ "connectorSync:maxAttempts": "0" }, {}, "connectorSync:maxAttempts");
    refused({ "connectorSync:retryDeadlineSeconds": "Infinity" }, {}, "connectorSync:retryDeadlineSeconds");
    refused({ "connectorSync:maxRetryWaitSeconds": "0.5" }, {}, "connectorSync:maxRetryWaitSeconds");
    const read = readSettings(config({ "connectorSync:requestTimeoutSeconds": "2.5" }), {});
    assert.equal(read.requestTimeoutSeconds, 2.5);
  });

  it("refuse a file that does not exist, or a CA file that holds no certificate", () => {
    refused({}, { CONNECTOR_SYNC_CA_CERT: "/nonexistent/ca.pem" }, "CONNECTOR_SYNC_CA_CERT");
    refused({ "connectorSync:caCertificatePath": "/etc/hostname" }, {}, "connectorSync:caCertificatePath");
    refused({}, { AZURE_CLIENT_CERTIFICATE_PATH: "/nonexistent/app.pem" }, "AZURE_CLIENT_CERTIFICATE_PATH");
    refused({}, { AZURE_FEDERATED_TOKEN_FILE: "/nonexistent" }, "AZURE_FEDERATED_TOKEN_FILE");
    refused({}, { AZURE_FEDERATED_TOKEN_FILE: "/" }, "AZURE_FEDERATED_TOKEN_FILE");
  });

  it("refuse a client id that is no GUID, and an endpoint that would send a token in clear", () => {
    refused({}, { AZURE_CLIENT_ID: "my app" }, "AZURE_CLIENT_ID");
    refused(
      {},
      { AZURE_AUTHORITY_HOST: "http://127.0.0.1.evil.com" },
      "AZURE_AUTHORITY_HOST",
      "InvalidEndpoint",
    );
    refused({ "connectorSync:graphEndpoint": "graph" }, {}, "connectorSync:graphEndpoint", "InvalidEndpoint");
  });

  it("show a refused value made safe: no escape, no URL password", () => {
    assert.throws(() => readSettings(config({ "connectorSync:tenantId": "\u001b[2Jevil\r\nx" }), {}), {
      message: /^connectorSync:tenantId is 'evil x': it must be/,
    });
    assert.throws(
      () => readSettings(undefined, { AZURE_AUTHORITY_HOST: "http://user:s3cret@login.example" }),
      {
        message: /^AZURE_AUTHORITY_HOST is 'http:\/\/\[redacted\]@login\.example': a token is never sent/,
      },
    );
  });

  it("fill each default, and keep an endpoint as its origin", () => {
    const read = readSettings(undefined, { CONNECTOR_SYNC_GRAPH_ENDPOINT: "https://graph.example.com/" });
    assert.deepEqual(read, {
      graphEndpoint: "https://graph.example.com",
      maxConcurrentRequests: 8,
      maxRetryWaitSeconds: 320,
      retryDeadlineSeconds: 900,
      maxAttempts: 10,
      syncRate: { requests: 98, perSeconds: 20 },
      requestTimeoutSeconds: 60,
      sources: { graphEndpoint: "CONNECTOR_SYNC_GRAPH_ENDPOINT" },
    });
  });

  it("read a sync rate as N/Ss, and refuse anything else", () => {
    const rate = (raw: string) => readSettings(config({ "connectorSync:syncRate": raw }), {}).syncRate;
    assert.deepEqual(rate("10/2s"), { requests: 10, perSeconds: 2 });
    assert.deepEqual(rate(" 95 / 20 s "), { requests: 95, perSeconds: 20 });
    for (const raw of ["95", "95/20", "0/20s", "95/0s", "95/3601s", "-1/20s", "1e3/20s"]) {
      refused({ "connectorSync:syncRate": raw }, {}, "connectorSync:syncRate");
    }
  });
});

describe("every failure", () => {
  it("is a ConnectorSyncError: one not foreseen becomes Internal, its message redacted", () => {
    const error = asConnectorSyncError(new TypeError("cannot read x of Bearer eyJhbGciOi.eyJzdWIi.c2ln"));
    assert.equal(error.code, "Internal");
    assert.equal(error.summary, "Unexpected failure: TypeError: cannot read x of Bearer [redacted]");
    const known = new ConnectorSyncError("known", { code: "Timeout" });
    assert.equal(asConnectorSyncError(known), known);
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

describe("where each setting came from", () => {
  it("is its stack config key or its environment variable, as read", () => {
    const given = config({ "connectorSync:maxAttempts": "3" });
    const { sources } = readSettings(given, { CONNECTOR_SYNC_GRAPH_ENDPOINT: "https://127.0.0.1:1" });
    assert.deepEqual(sources, {
      maxAttempts: "connectorSync:maxAttempts",
      graphEndpoint: "CONNECTOR_SYNC_GRAPH_ENDPOINT",
    });
  });
});
