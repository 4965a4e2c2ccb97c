/**
 * A file-system error on a path the user gave (an output that is a directory, a path under a file, a read-only
 * place) is bad input, exit 2, not "could not verify": the fix is another path, and saying so beats Node's raw
 * `EISDIR: illegal operation on a directory, rename '…tmp' -> '…'`. lib/errors.ts describeFailure asks here.
 */

/** The calls of node:fs whose failure is about the path given; a failed spawn (a missing terraform) is not one. */
const FS_SYSCALLS = new Set([
  "access",
  "copyfile",
  "lstat",
  "mkdir",
  "mkdtemp",
  "open",
  "opendir",
  "read",
  "rename",
  "rm",
  "rmdir",
  "scandir",
  "stat",
  "unlink",
  "write",
]);

/** What is wrong with the path, and the fix, by error code. */
const PROBLEMS: Readonly<Record<string, string>> = {
  EISDIR: "is a directory; pass the path of a file",
  // mkdir answers EEXIST when a file sits where a directory must go.
  EEXIST: "is a file where a directory is needed; pass a directory, or move the file",
  ENOTDIR: "a part of this path is a file, not a directory; pass another path",
  ENOENT: "no such file or directory; check the path",
  EACCES: "permission denied; pass a path you may write to (or read), or fix its permissions",
  EPERM: "operation not permitted; pass another path, or fix its permissions",
  EROFS: "is on a read-only file system; pass a writable path",
  ENAMETOOLONG: "the name is too long; pass a shorter path",
  ELOOP: "too many symbolic links; pass the real path",
};

interface SystemError {
  readonly code: string;
  readonly syscall: string;
  readonly path: string;
  /** A rename's target: the path the user gave, where `path` is the temporary file. */
  readonly dest?: string;
}

function isFsError(err: unknown): err is SystemError {
  const e = err as Partial<SystemError> | null;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.code === "string" &&
    typeof e.path === "string" &&
    typeof e.syscall === "string" &&
    FS_SYSCALLS.has(e.syscall)
  );
}

/**
 * `<path>: <problem>; <fix>` for a file-system error on a given path, or undefined for anything else (a network
 * error, a full disk: those stay exit 3).
 */
export function localFileProblem(err: unknown): string | undefined {
  if (!isFsError(err)) return undefined;
  const problem = PROBLEMS[err.code];
  if (problem === undefined) return undefined;
  const target = err.syscall === "rename" && err.dest !== undefined && err.code === "EISDIR" ? err.dest : err.path;
  return `${target}: ${problem}`;
}
