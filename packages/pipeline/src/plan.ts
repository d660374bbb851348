import { codeHash, shortHash, UserError } from '@dance/schema';
import type { ProductKey, Store } from '@dance/store';
import { resolveOptions, trackedOptions } from './options.js';
import type { OptionValue, OptionValues, Plugin } from './plugin.js';

/** How a product is (or would be) made: what `dance lineage` shows and what its hash covers. */
export interface LineageNode {
  readonly type: string;
  readonly lineage: string;
  readonly stored: boolean;
  /** Absent for a product no plugin makes (raw_records from the simulator or an import). */
  readonly plugin?: {
    readonly name: string;
    readonly version: string;
    readonly code: string;
    readonly options: OptionValues;
  };
  readonly inputs: readonly LineageNode[];
  /**
   * In a stored provenance tree: this product appears earlier in the tree (depth first), where its
   * plugin and inputs are given; here it is only named.
   */
  readonly repeated?: true;
}

/**
 * The lineage as a manifest stores it: a tree in which a product met again (depth first) is only
 * named, `repeated`. Event-level products share inputs many times over (peaks under peak_basics,
 * peak_positions and events, each with the 494 gains of peaklets), and writing every subtree out
 * again made their manifests ~300 kB. A depth-first search for a type finds the full node first.
 */
export function provenanceTree(node: LineageNode, seen = new Set<string>()): LineageNode {
  const key = `${node.type}-${node.lineage}`;
  if (seen.has(key)) return { type: node.type, lineage: node.lineage, stored: node.stored, inputs: [], repeated: true };
  seen.add(key);
  return { ...node, inputs: node.inputs.map((input) => provenanceTree(input, seen)) };
}

export interface PlanStep {
  readonly plugin: Plugin;
  readonly key: ProductKey;
  /** All option values (tracked and untracked) the plugin computes with. */
  readonly options: OptionValues;
  /** Whether the product is stored (always, or only as the target: see Plugin.saveWhen). */
  readonly save: boolean;
}

/** What processing a run up to a target involves. */
export interface Plan {
  readonly target: LineageNode;
  /** Products to compute, each after its inputs (some only on the way to the target: `save` false). */
  readonly steps: readonly PlanStep[];
  /** Stored products the steps read, the first being the one chunks are cut on. */
  readonly sources: readonly ProductKey[];
}

export interface PlanRequest {
  readonly run: string;
  readonly target: string;
  readonly plugins: readonly Plugin[];
  /** Option settings by name (applied to every plugin declaring the name). */
  readonly settings?: Readonly<Record<string, OptionValue>>;
  /** Lineage to use for a type no plugin makes, when the run holds several. */
  readonly inputs?: Readonly<Record<string, string>>;
}

/**
 * Lineage of every product up to the target and the steps still missing from the store.
 * Lineage = shortHash of plugin name, version, tracked options, code hash and input lineages.
 */
export function planRun(store: Store, request: PlanRequest): Plan {
  const byType = new Map<string, Plugin>();
  for (const p of request.plugins) {
    if (byType.has(p.provides.name)) throw new Error(`two plugins provide '${p.provides.name}'`);
    byType.set(p.provides.name, p);
  }
  const nodes = new Map<string, LineageNode>();
  const steps: PlanStep[] = [];
  const sources: ProductKey[] = [];
  const visiting = new Set<string>();

  const node = (type: string): LineageNode => {
    const known = nodes.get(type);
    if (known) return known;
    if (visiting.has(type)) throw new Error(`plugins depend on each other in a cycle through '${type}'`);
    visiting.add(type);
    const plugin = byType.get(type);
    const made = plugin ? pluginNode(plugin) : storedNode(store, request, type);
    visiting.delete(type);
    nodes.set(type, made);
    return made;
  };

  const pluginNode = (plugin: Plugin): LineageNode => {
    const inputs = plugin.dependsOn.map(node);
    const options = resolveOptions(plugin, request.settings ?? {});
    const described = {
      name: plugin.name,
      version: plugin.version,
      code: codeHash(plugin.code),
      options: trackedOptions(plugin, options),
    };
    const lineage = shortHash({ ...described, inputs: inputs.map((i) => ({ type: i.type, lineage: i.lineage })) });
    const key = { run: request.run, type: plugin.provides.name, lineage };
    return { type: key.type, lineage, stored: store.has(key), plugin: described, inputs };
  };

  // Second pass: what to compute is the target and every missing product it needs, upstream first.
  const collect = (n: LineageNode, seen: Set<string>): void => {
    if (seen.has(n.type)) return;
    seen.add(n.type);
    const key = { run: request.run, type: n.type, lineage: n.lineage };
    if (n.stored) {
      sources.push(key);
      return;
    }
    for (const input of n.inputs) collect(input, seen);
    const plugin = byType.get(n.type) as Plugin;
    const save = plugin.saveWhen !== 'target' || n.type === request.target;
    steps.push({ plugin, key, options: resolveOptions(plugin, request.settings ?? {}), save });
  };
  const target = node(request.target);
  collect(target, new Set());
  return { target, steps, sources };
}

function storedNode(store: Store, request: PlanRequest, type: string): LineageNode {
  const found = store.list({ run: request.run, type });
  const wanted = request.inputs?.[type];
  const pick =
    wanted !== undefined ? found.find((k) => k.lineage === wanted) : found.length === 1 ? found[0] : undefined;
  if (!pick) {
    const have = found.map((k) => k.lineage).join(', ');
    if (found.length === 0) {
      throw new UserError(`run ${request.run} has no ${type} product, and no plugin makes ${type}`);
    }
    throw new UserError(
      wanted !== undefined
        ? `run ${request.run} has no ${type} with lineage ${wanted}; stored: ${have}`
        : `run ${request.run} has ${found.length} ${type} lineages (${have}): choose one`,
    );
  }
  return { type, lineage: pick.lineage, stored: true, inputs: [] };
}
