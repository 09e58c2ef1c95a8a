/** Wraps a command's async body: its resolved number becomes the process exit code. */
export type Action = <A extends unknown[]>(fn: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;
