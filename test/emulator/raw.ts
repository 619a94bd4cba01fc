// A client that speaks HTTP over TLS by hand, to send what a well-behaved client never would.
import { readFileSync } from "node:fs";
import { connect, type TLSSocket } from "node:tls";
import type { Emulator } from "../../emulator";

/** A TLS connection to the emulator, trusting its CA, once the handshake is done. */
export function open(emu: Emulator): Promise<TLSSocket> {
  const { port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: "127.0.0.1", port: Number(port), servername: "localhost", ca: readFileSync(emu.caCertPath) },
      () => resolve(socket),
    );
    socket.once("error", reject);
  });
}

/** Everything the server sends until it closes the connection: its status line first. */
export function untilClosed(socket: TLSSocket): Promise<{ statusLine: string; text: string }> {
  return new Promise((resolve) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      text += chunk;
    });
    // A reset after the answer is the server closing a connection it will not read further.
    socket.on("error", () => undefined);
    socket.once("close", () => resolve({ statusLine: text.split("\r\n")[0], text }));
  });
}

/** Sends these bytes on a fresh connection and reads until the server closes it. */
export async function exchange(emu: Emulator, bytes: string | Buffer) {
  const socket = await open(emu);
  const answer = untilClosed(socket);
  socket.write(bytes);
  return answer;
}
