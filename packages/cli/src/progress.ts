import { Presets, SingleBar } from 'cli-progress';
import type { GlobalOptions } from './context.js';
import { useColor } from './output.js';

/** Progress of one long step, in units of work done (rows, bytes). */
export interface Progress {
  /** Sets the amount done so far. */
  update(done: number): void;
  /** Ends the bar (or prints the closing line). */
  finish(): void;
}

const SILENT: Progress = { update() {}, finish() {} };

/**
 * A bar with ETA on stderr when it is a terminal and output is not --json (stdout stays clean for
 * pipes); with --verbose elsewhere one line when the step starts and one when it ends; otherwise silent.
 */
export function startProgress(opts: GlobalOptions, label: string, total: number, unit: string): Progress {
  const stream = process.stderr;
  if (stream.isTTY && !opts.json) {
    const color = useColor(stream);
    const bar = new SingleBar(
      {
        stream,
        format: `${label} ${color ? '\x1b[36m{bar}\x1b[0m' : '{bar}'} {percentage}% | ETA {eta_formatted} | {value}/{total} ${unit}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      color ? Presets.shades_classic : Presets.legacy,
    );
    bar.start(total, 0);
    return {
      update: (done) => bar.update(done),
      finish: () => bar.stop(),
    };
  }
  if (opts.verbose) {
    const started = Date.now();
    let last = 0;
    stream.write(`${label}: ${total} ${unit}\n`);
    return {
      update: (done) => {
        last = done;
      },
      finish: () => stream.write(`${label}: ${last} ${unit} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
    };
  }
  return SILENT;
}
