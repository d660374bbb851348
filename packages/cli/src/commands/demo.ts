import { resolve } from 'node:path';
import { UserError } from '@dance/schema';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import type { DemoContext } from '../demo/steps.js';
import { emit } from '../output.js';
import { serveWorkspace } from '../serving.js';

export const demo: CommandModule = {
  register(program: Command) {
    program
      .command('demo')
      .description('create a demo workspace and run the whole chain on generated data (what `npm start` runs)')
      .option('--dir <dir>', 'demo workspace directory, recreated on each run', '.dance-demo')
      .option('--no-serve', 'end after the steps instead of serving the demo workspace in the browser')
      .option('--port <n>', 'port to serve on (another free one when it is taken)', '8080')
      .action(async (o: { dir: string; serve: boolean; port: string }, cmd: Command) => {
        const opts = globals(cmd);
        const { DEMO_STEPS } = await import('../demo/steps.js');
        const ctx: DemoContext = { dir: resolve(o.dir), opts };
        const done: { step: string; summary: string; seconds: number }[] = [];
        for (const step of DEMO_STEPS) {
          if (opts.verbose) process.stderr.write(`demo: ${step.name}...\n`);
          const started = performance.now();
          const summary = await step.run(ctx);
          done.push({ step: step.name, summary, seconds: (performance.now() - started) / 1000 });
        }
        const width = Math.max(...done.map((d) => d.step.length));
        emit(
          opts,
          () =>
            [
              `DANCE demo in ${ctx.dir}`,
              ...done.map((d, i) => `${i + 1}. ${d.step.padEnd(width)}  ${d.summary} (${d.seconds.toFixed(2)} s)`),
              `Look around: dance --workspace ${ctx.dir} ls`,
            ].join('\n'),
          { dir: ctx.dir, steps: done },
        );
        if (!o.serve) return;
        const port = Number(o.port);
        if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
          throw new UserError(`--port: '${o.port}' must be an integer from 0 to 65535`);
        }
        await serveWorkspace(ctx.ws!, { host: '127.0.0.1', port, verbose: opts.verbose, anyPortIfBusy: true }, (url) =>
          process.stderr.write(
            `\nThe demo workspace is served at ${url} — open it in a browser; Ctrl-C stops.\n` +
              `  event display: ${new URL('#/run/kr-001/event/0', url)}\n  analysis:      ${new URL('#/analysis', url)}\n`,
          ),
        );
      });
  },
};
