import { isUserError } from '@dance/schema';
import { type Command, CommanderError } from 'commander';
import { createProgram } from './program.js';

/**
 * Runs the CLI and returns its exit status: 0 success, 1 user error (one line naming what is
 * wrong), 2 internal error (a bug in DANCE; the stack is shown with --verbose).
 */
export async function run(argv: string[], program: Command = createProgram()): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed help, the version or the usage error
      return err.exitCode === 0 ? 0 : 1;
    }
    if (isUserError(err)) {
      process.stderr.write(`dance: ${err.message}\n`);
      if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
      return 1;
    }
    const e = err as Error;
    process.stderr.write(`dance: internal error: ${e?.message ?? String(err)}\n`);
    process.stderr.write(
      verbose ? `${e?.stack ?? ''}\n` : 'Run again with --verbose for the stack trace, and please report it.\n',
    );
    return 2;
  }
}
