import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';
import { describePass, verifyMode } from './replicate.js';
import { withCatalog } from './runs.js';

export const daemon: CommandModule = {
  register(program: Command) {
    program
      .command('daemon')
      .description('evaluate rules, run transfers (retrying with backoff), expire rules, report buffers; until stopped')
      .option('--once', 'one pass, then exit', false)
      .option('--interval <seconds>', 'pause between passes', (v) => Number(v), 30)
      .option(
        '--verify <how>',
        'readback (re-read the destination; default) or stream (sums of the bytes sent)',
        'readback',
      )
      .option('--bandwidth <bytes/s>', 'average rate limit per transfer', (v) => Number(v))
      .option('--concurrency <n>', 'transfers at once', (v) => Number(v), 4)
      .action(
        async (
          o: { once: boolean; interval: number; bandwidth?: number; concurrency: number; verify: string },
          cmd: Command,
        ) => {
          const opts = globals(cmd);
          const verify = verifyMode(o.verify);
          const { runPass } = await import('@dance/transfer');
          const stop = new AbortController();
          const quit = () => stop.abort();
          process.once('SIGINT', quit).once('SIGTERM', quit);
          try {
            await withCatalog(opts, async (c) => {
              // bounded by the signal: each pass is finite and the pause ends on SIGINT/SIGTERM
              while (!stop.signal.aborted) {
                const pass = await runPass(c, {
                  bandwidth: o.bandwidth,
                  concurrency: o.concurrency,
                  verify,
                });
                const stuck = pass.rules.filter((r) => r.state === 'stuck');
                const summary = `${new Date().toISOString()} ${pass.transfers.filter((t) => t.ok).length} copied, ${pass.transfers.filter((t) => !t.ok).length} failed, ${pass.rules.length} rule(s), ${stuck.length} stuck`;
                emit(
                  opts,
                  () =>
                    [describePass(pass), summary, ...stuck.map((r) => `rule ${r.id} stuck: ${r.reason}`)]
                      .filter(Boolean)
                      .join('\n'),
                  pass,
                );
                if (o.once) break;
                await sleep(o.interval * 1000, undefined, { signal: stop.signal }).catch(() => {});
              }
            });
          } finally {
            process.off('SIGINT', quit).off('SIGTERM', quit);
          }
        },
      );
  },
};
