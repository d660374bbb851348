/**
 * An error the user can fix: bad input, a missing file, a wrong option. Its message is one line
 * naming the file, offset, field or key at fault. The CLI prints it without a stack trace and exits
 * with status 1; any other error is a bug in DANCE and exits with status 2.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Whether `err` is a UserError, also across module copies (the check is by name). */
export function isUserError(err: unknown): err is UserError {
  return err instanceof Error && err.name === 'UserError';
}
