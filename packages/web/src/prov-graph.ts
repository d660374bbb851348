import type { ProvNode } from '@dance/api';

const SVG = 'http://www.w3.org/2000/svg';
const BOX = { width: 300, height: 44, gapX: 60, gapY: 16 };

/** Entities placed in columns by distance from the product: inputs left, the product right. */
export function layoutProvenance(root: ProvNode): {
  nodes: { node: ProvNode; column: number; row: number }[];
  edges: [string, string][];
} {
  const depth = new Map<string, number>();
  const byEntity = new Map<string, ProvNode>();
  const edges: [string, string][] = [];
  const visit = (node: ProvNode, d: number) => {
    if (!byEntity.has(node.entity) || !node.repeated) byEntity.set(node.entity, node);
    depth.set(node.entity, Math.max(d, depth.get(node.entity) ?? 0));
    if (node.repeated) return;
    for (const input of node.inputs) {
      edges.push([input.entity, node.entity]);
      visit(input, d + 1);
    }
  };
  visit(root, 0);
  const deepest = Math.max(...depth.values());
  const rows = new Map<number, number>();
  const nodes = [...byEntity.values()].map((node) => {
    const column = deepest - (depth.get(node.entity) ?? 0);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { node, column, row };
  });
  return { nodes, edges };
}

/** The provenance graph as SVG: a box per entity (with the activity that made it), an arrow per use. */
export function provenanceSvg(root: ProvNode): SVGSVGElement {
  const { nodes, edges } = layoutProvenance(root);
  const at = new Map(
    nodes.map((n) => [n.node.entity, { x: n.column * (BOX.width + BOX.gapX), y: n.row * (BOX.height + BOX.gapY) }]),
  );
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const columns = Math.max(...nodes.map((n) => n.column)) + 1;
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  const svg = el('svg', {
    width: columns * (BOX.width + BOX.gapX),
    height: rows * (BOX.height + BOX.gapY),
    class: 'prov-graph',
  });
  const marker = el('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 6,
    markerHeight: 6,
    orient: 'auto',
  });
  marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#57606a' }));
  const defs = el('defs', {});
  defs.append(marker);
  svg.append(defs);
  for (const [from, to] of edges) {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b) continue;
    svg.append(
      el('line', {
        x1: a.x + BOX.width,
        y1: a.y + BOX.height / 2,
        x2: b.x,
        y2: b.y + BOX.height / 2,
        stroke: '#57606a',
        'marker-end': 'url(#arrow)',
      }),
    );
  }
  for (const { node } of nodes) {
    const p = at.get(node.entity) as { x: number; y: number };
    const g = el('g', { transform: `translate(${p.x},${p.y})` });
    g.append(
      el('rect', {
        width: BOX.width,
        height: BOX.height,
        rx: 4,
        fill: node.activity ? '#e8f0fe' : '#fff',
        stroke: '#1d3557',
      }),
    );
    g.append(
      el(
        'text',
        { x: 6, y: 17, 'font-size': 12, 'font-family': 'monospace' },
        node.entity.length > 44 ? `${node.entity.slice(0, 43)}…` : node.entity,
      ),
    );
    if (node.activity)
      g.append(
        el(
          'text',
          { x: 6, y: 35, 'font-size': 11 },
          `made by ${node.activity.kind} ${node.activity.name} ${node.activity.version}`,
        ),
      );
    g.append(el('title', {}, node.entity));
    svg.append(g);
  }
  return svg;
}
