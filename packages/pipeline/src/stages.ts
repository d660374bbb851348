import type { Store } from '@dance/store';
import { type Plan, planRun } from './plan.js';
import { type ProcessOptions, type ProcessResult, processRun } from './process.js';

/**
 * A step whose context is more than this many times the context of the steps before it starts a new
 * stage, when everything it reads is stored by then.
 */
const CONTEXT_JUMP = 2;

/**
 * The products to make first, in order, before the target: each closes a stage. Chunks are cut only
 * in gaps of the first source wider than every step's context, so one long-context step (events need
 * the maximum drift time, ~5 ms) over dense raw_records (dark counts leave no such gap) would make the
 * whole run one chunk and memory grow with run length. Made in stages, that step reads the stored
 * peak-level products instead, whose gaps are wide.
 */
export function stageTargets(plan: Plan): string[] {
  const stored = new Set(plan.sources.map((k) => k.type));
  const targets: string[] = [];
  let context = 0;
  for (const step of plan.steps) {
    const own = step.plugin.contextNs(step.options);
    const inputsStored = step.plugin.dependsOn.every((type) => stored.has(type));
    if (own > CONTEXT_JUMP * context && context > 0 && inputsStored) {
      for (const type of step.plugin.dependsOn) if (!targets.includes(type) && isMade(plan, type)) targets.push(type);
      context = 0;
    }
    context = Math.max(context, own);
    if (step.save) stored.add(step.key.type);
  }
  return targets;
}

function isMade(plan: Plan, type: string): boolean {
  return plan.steps.some((s) => s.key.type === type);
}

/**
 * processRun in stages (see stageTargets): same products and lineages as one call, in bounded
 * memory whatever the run length; the result covers all stages.
 */
export async function processInStages(store: Store, options: ProcessOptions): Promise<ProcessResult> {
  const targets = [...stageTargets(planRun(store, options)), options.target];
  const results: ProcessResult[] = [];
  for (const [i, target] of targets.entries()) {
    // every stage spans the run's time: progress runs once across all of them
    const onProgress =
      options.onProgress &&
      ((done: number, total: number) => options.onProgress?.(i * total + done, targets.length * total));
    results.push(await processRun(store, { ...options, target, onProgress }));
  }
  const computed = results.flatMap((r) => r.computed);
  const made = new Set(computed.map((k) => k.type));
  return {
    // one plan for the whole call: every stage's steps, and the stored products it started from
    plan: {
      target: (results.at(-1) as ProcessResult).plan.target,
      steps: results.flatMap((r) => r.plan.steps),
      sources: results.flatMap((r) => r.plan.sources).filter((k) => !made.has(k.type)),
    },
    computed,
    chunks: results.reduce((n, r) => n + r.chunks, 0),
    resumedChunks: results.reduce((n, r) => n + r.resumedChunks, 0),
  };
}
