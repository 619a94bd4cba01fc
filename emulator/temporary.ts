// The emulator's temporary folder (its CA certificate, the client certificates it issues): it goes
// with the emulator, and with the process however that ends.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The folders of the emulators still running, removed on exit: one listener for them all. */
const folders = new Set<string>();
let exitHooked = false;
const forceRemove = (dir: string) => rmSync(dir, { recursive: true, force: true });

/**
 * A fresh folder, removed by `remove()` or else on exit: a normal one, process.exit, or an uncaught
 * error, all of which run exit listeners.
 */
export function temporaryFolder(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "intune-graph-emulator-"));
  if (!exitHooked) process.once("exit", () => folders.forEach(forceRemove));
  exitHooked = true;
  folders.add(dir);
  return {
    dir,
    remove: () => {
      if (folders.delete(dir)) forceRemove(dir);
    },
  };
}

/**
 * Removes `dir` once this process is gone, however it goes: a fatal out-of-memory error or a SIGKILL
 * runs no exit listener. A small shell of its own process group (so that Ctrl-C and a closing
 * terminal reach it not) holds the other end of a pipe that only this process writes to, and
 * removes the folder when the kernel closes it. The command line's; where there is no `sh`, the exit
 * listener still covers every other end.
 */
export function removeWhenGone(dir: string) {
  const janitor = spawn(
    "sh",
    ["-c", 'cat >/dev/null; rm -rf -- "$1"', "intune-graph-emulator-janitor", dir],
    {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    },
  );
  janitor.on("error", () => undefined);
  janitor.stdin?.on("error", () => undefined);
  // Neither the shell nor its pipe keeps this process alive.
  janitor.unref();
  (janitor.stdin as unknown as { unref?: () => void } | null)?.unref?.();
}
