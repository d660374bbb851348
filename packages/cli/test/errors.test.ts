import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../src/program.js';
import { run } from '../src/run.js';
import { dance, tempDir } from './cli.js';

let tmp: { dir: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.remove());

describe('usage', () => {
  it('prints --help for the program, exit 0', async () => {
    const r = await dance(['--help'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: dance \[options\] \[command\]/);
    for (const name of ['init', 'config', 'import', 'export', 'ls', 'demo']) expect(r.stdout).toContain(`  ${name} `);
  });

  it('prints --help for every command, exit 0', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      written.push(String(s));
      return true;
    });
    try {
      for (const name of createProgram().commands.map((c) => c.name())) {
        written.length = 0;
        expect(await run([name, '--help']), name).toBe(0);
        expect(written.join('')).toMatch(new RegExp(`^Usage: dance ${name} `));
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects an unknown command or option with usage, exit 1', async () => {
    const cmd = await dance(['frobnicate'], { cwd: tmp.dir });
    expect(cmd.code).toBe(1);
    expect(cmd.stderr).toMatch(/^error: unknown command 'frobnicate'\n[\s\S]*Usage: dance/);
    const opt = await dance(['init', '--colour'], { cwd: tmp.dir });
    expect(opt.code).toBe(1);
    expect(opt.stderr).toMatch(/^error: unknown option '--colour'\n[\s\S]*Usage: dance init/);
  });
});

describe('internal errors', () => {
  // A bug is simulated by a command whose action throws a plain Error: exactly what a DANCE bug looks like.
  const buggy = () => {
    const program = new Command('dance').option('--verbose').exitOverride();
    program.command('boom').action(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    return program;
  };

  it('exits 2 with a one-line message, and the stack only with --verbose', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      written.push(String(s));
      return true;
    });
    try {
      expect(await run(['boom'], buggy())).toBe(2);
      expect(written.join('')).toBe(
        'dance: internal error: cannot read properties of undefined\nRun again with --verbose for the stack trace, and please report it.\n',
      );
      written.length = 0;
      expect(await run(['--verbose', 'boom'], buggy())).toBe(2);
      expect(written.join('')).toMatch(/^dance: internal error: .*\nTypeError: .*\n\s+at /);
    } finally {
      spy.mockRestore();
    }
  });
});
