import type { ResolvedCondition } from '@dance/catalog';
import type { LineageNode } from '@dance/pipeline';
import type { ProductKey, Store } from '@dance/store';
import type { Workspace } from '@dance/workspace';
import { recordInCatalog, runExtent } from './catalog-record.js';

/**
 * Registers the products a processing call made, each with the plugin that made it (name, version,
 * code hash, options) and, as inputs, the stored products it was computed from. Products made only on
 * the way (not stored) are looked through to their own stored inputs. Inputs come first in `computed`,
 * so each input is in the catalog before what uses it. A product whose plugin took options from
 * catalog conditions records those exact condition versions as inputs, and the global tag in its config.
 */
export async function recordProcessing(
  ws: Workspace,
  store: Store,
  target: LineageNode,
  computed: readonly ProductKey[],
  conditions: readonly ResolvedCondition[] = [],
): Promise<void> {
  const nodes = new Map<string, LineageNode>();
  const visit = (n: LineageNode) => {
    nodes.set(`${n.type}/${n.lineage}`, n);
    n.inputs.forEach(visit);
  };
  visit(target);
  const made = computed.map((key) => {
    const node = nodes.get(`${key.type}/${key.lineage}`);
    if (!node?.plugin) throw new Error(`processing made ${key.type}/${key.lineage}, which its plan does not contain`);
    const { name, version, code, options } = node.plugin;
    const inputs = storedInputs(node, (n) => store.has({ run: key.run, type: n.type, lineage: n.lineage }));
    const used = conditions.filter((c) => c.name in options);
    const tags = [...new Set(used.map((c) => c.tag))];
    return {
      key,
      activity: {
        kind: 'plugin' as const,
        name,
        version,
        codeHash: code,
        config: { ...options, ...(used.length > 0 ? { global_tag: tags.length === 1 ? tags[0] : tags } : {}) },
      },
      inputs: [...inputs.map((n) => `product:${key.run}/${n.type}/${n.lineage}`), ...used.map((c) => c.entity)],
    };
  });
  if (made.length > 0) await recordInCatalog(ws, runExtent(store.manifest(computed[0]), 'processed'), made);
}

/** The stored products a node is computed from, looking through intermediates that are not stored. */
function storedInputs(node: LineageNode, isStored: (n: LineageNode) => boolean): LineageNode[] {
  return node.inputs.flatMap((n) => (isStored(n) || !n.plugin ? [n] : storedInputs(n, isStored)));
}
