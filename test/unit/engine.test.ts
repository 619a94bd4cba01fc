import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { describe, it } from "node:test";
import { connectionRefused, engineAddress, engineGuard, watchEngine } from "../../provider/engine";

const script = "/home/u/app/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

function listening(): Promise<{ server: Server; address: string }> {
  const server = createServer((socket) => socket.destroy());
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ server, address: `127.0.0.1:${port}` });
    }),
  );
}

describe("the engine that started the provider", () => {
  it("is found in the dynamic provider's arguments, and only there", () => {
    assert.equal(engineAddress(["node", script, "127.0.0.1:41234"]), "127.0.0.1:41234");
    // The engine puts its logging and tracing flags first, and its address last.
    const flagged = ["node", script, "--logtostderr", "-v=9", "--tracing", "x", "127.0.0.1:5"];
    assert.equal(engineAddress(flagged), "127.0.0.1:5");
    assert.equal(engineAddress(["node.exe", script.replaceAll("/", "\\"), "127.0.0.1:5"]), "127.0.0.1:5");
    // A test runner, a script, or an address that is not the engine's loopback server: no engine to watch.
    assert.equal(engineAddress(["node", "dist/test/unit/engine.test.js", "127.0.0.1:5"]), undefined);
    assert.equal(engineAddress(["node", script]), undefined);
    assert.equal(engineAddress(["node", script, "10.0.0.1:5"]), undefined);
    assert.equal(engineAddress(["node"]), undefined);
  });

  it("is gone only when a connection to its address is refused", async () => {
    const { server, address } = await listening();
    assert.equal(await connectionRefused(address), false);
    await new Promise((closed) => server.close(closed));
    assert.equal(await connectionRefused(address), true);
  });

  it("ends the process when it is gone, and otherwise lets the caller go on", async () => {
    const probed: string[] = [];
    let exits = 0;
    const guard = (address: string | undefined, refused: boolean) =>
      engineGuard({
        address,
        refused: async (a) => {
          probed.push(a);
          return refused;
        },
        exit: () => {
          exits++;
          throw new Error("exited");
        },
      });
    await guard("127.0.0.1:7", false)();
    assert.equal(exits, 0);
    await assert.rejects(guard("127.0.0.1:7", true)(), /exited/);
    assert.equal(exits, 1);
    // Driven directly, with no engine: nothing is probed.
    await guard(undefined, true)();
    assert.deepEqual([probed, exits], [["127.0.0.1:7", "127.0.0.1:7"], 1]);
  });

  it("is checked on a timer as well, which keeps no process alive, so that an idle orphan exits too", (t) => {
    assert.equal(
      watchEngine(async () => undefined, 10_000, undefined),
      undefined,
      "no engine: no timer",
    );
    t.mock.timers.enable({ apis: ["setInterval"] });
    let checks = 0;
    const timer = watchEngine(
      async () => {
        checks++;
      },
      10_000,
      "127.0.0.1:7",
    );
    try {
      t.mock.timers.tick(30_000);
      assert.equal(checks, 3);
    } finally {
      clearInterval(timer);
    }
  });
});
