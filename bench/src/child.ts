import { fork, type ChildProcess } from 'node:child_process';

/** A forked Node process with a tiny request/response protocol over IPC. */
export interface Child {
  process: ChildProcess;
  /** Sends `{ type, id, ...payload }` and resolves with the reply's `value`. */
  call<T>(type: string, payload?: Record<string, unknown>): Promise<T>;
  /** Resolves with the next message of this `type` (e.g. `ready`). */
  next<T>(type: string): Promise<T>;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** Sends SIGTERM (then SIGKILL after 5 s) and waits for the exit. */
  kill(): Promise<void>;
}

let nextId = 1;

/** Forks `dist/<script>` with `args` and `execArgv` (e.g. `--expose-gc`). */
export function forkChild(script: string, args: string[] = [], execArgv: string[] = []): Child {
  const child = fork(new URL(script, import.meta.url), args, {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (value: unknown) => void>();
  const waiters = new Map<string, ((value: unknown) => void)[]>();
  child.on('message', (message: { id?: number; type?: string; value?: unknown }) => {
    if (message.id !== undefined && pending.has(message.id)) {
      pending.get(message.id)?.(message.value);
      pending.delete(message.id);
      return;
    }
    if (message.type !== undefined) {
      const list = waiters.get(message.type);
      const resolve = list?.shift();
      if (resolve) resolve(message);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  exited.then(() => {
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  });
  return {
    process: child,
    exited,
    call<T>(type: string, payload: Record<string, unknown> = {}): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve) => {
        pending.set(id, resolve as (value: unknown) => void);
        child.send({ type, id, ...payload });
      });
    },
    next<T>(type: string): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const list = waiters.get(type) ?? [];
        list.push(resolve as (value: unknown) => void);
        waiters.set(type, list);
        exited.then((code) =>
          reject(new Error(`${script} exited with code ${code} before "${type}"`)),
        );
      });
    },
    async kill(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
