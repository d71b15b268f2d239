/** Process globals a command uses, passed in so tests give plain values. */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  json: boolean;
  noCredentials: boolean;
  binfmtDir?: string;
}
