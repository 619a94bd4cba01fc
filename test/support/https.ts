import { readFileSync } from "node:fs";
import { request } from "node:https";
import type { Emulator } from "../../emulator";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  /** A raw body, sent as JSON content. */
  raw?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * A control call (/_emulator/…) carries the emulator's control token as its bearer token, as every
   * caller of the control API must; false sends it without one.
   */
  controlToken?: false;
}

const cas = new WeakMap<Emulator, Buffer>();
/** The emulator's CA, read once per emulator. */
const caOf = (emu: Emulator) => {
  if (!cas.has(emu)) cas.set(emu, readFileSync(emu.caCertPath));
  return cas.get(emu)!;
};

/** One HTTPS request to the emulator, trusting its CA and nothing else. */
export function call(
  emu: Emulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  else if (path.startsWith("/_emulator/") && options.controlToken !== false && !headers.authorization) {
    headers.authorization = `Bearer ${emu.controlToken}`;
  }
  let payload: string | undefined = options.raw;
  if (options.json !== undefined) payload = JSON.stringify(options.json);
  if (payload !== undefined) headers["content-type"] = "application/json";
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, emu.url), { method, headers, ca: caOf(emu) }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => {
        let body: any;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A Graph token for this app in this tenant, from the emulator's token endpoint. */
export async function tokenFor(emu: Emulator, tenantId: string, clientId: string, secret: string) {
  const answer = await call(emu, "POST", `/${tenantId}/oauth2/v2.0/token`, {
    form: {
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
      scope: "https://graph.microsoft.com/.default",
    },
  });
  if (answer.status !== 200) throw new Error(`token request failed: ${answer.text}`);
  return answer.body.access_token as string;
}

/** A connector's sync, as a Graph client POSTs it on beta. */
export const postSync = (emu: Emulator, connectorId: string, token: string, syncType = "fullSync") =>
  call(emu, "POST", `/beta/deviceManagement/exchangeConnectors/${connectorId}/sync`, {
    token,
    json: { syncType },
  });
