import { nsToIso } from '@dance/schema';
import type { Activity, ProvNode } from './provenance.js';

/**
 * W3C PROV-JSON (https://www.w3.org/submissions/prov-json/) of an upstream tree: entities, activities,
 * agents (the user and the software) and used / wasGeneratedBy / wasAssociatedWith / wasDerivedFrom.
 */
export type ProvJson = { prefix: Record<string, string> } & Record<string, Record<string, unknown>>;

export function toProvJson(root: ProvNode): ProvJson {
  const doc: Record<string, Record<string, Record<string, unknown>>> = {
    entity: {},
    activity: {},
    agent: {},
    used: {},
    wasGeneratedBy: {},
    wasAssociatedWith: {},
    wasDerivedFrom: {},
  };
  let relation = 0;
  const add = (kind: string, body: Record<string, unknown>) => {
    doc[kind][`_:${kind}${++relation}`] = body;
  };
  const visit = (node: ProvNode): void => {
    const id = qualified(node.entity);
    doc.entity[id] ??= { 'prov:type': `dance:${node.entity.slice(0, node.entity.indexOf(':'))}` };
    if (node.checksum) doc.entity[id]['dance:sha256'] = node.checksum;
    if (node.repeated || !node.activity) return;
    const a = node.activity;
    const activityId = `dance:activity/${a.id}`;
    if (!doc.activity[activityId]) {
      doc.activity[activityId] = activityAttributes(a);
      const user = `dance:user/${a.user}@${a.host}`;
      doc.agent[user] = { 'prov:type': 'prov:Person' };
      add('wasAssociatedWith', { 'prov:activity': activityId, 'prov:agent': user });
      if (a.softwareVersion) {
        const software = `dance:software/dance-${a.softwareVersion}`;
        doc.agent[software] = { 'prov:type': 'prov:SoftwareAgent', 'dance:version': a.softwareVersion };
        add('wasAssociatedWith', { 'prov:activity': activityId, 'prov:agent': software });
      }
      for (const input of node.inputs)
        add('used', { 'prov:activity': activityId, 'prov:entity': qualified(input.entity) });
    }
    add('wasGeneratedBy', { 'prov:entity': id, 'prov:activity': activityId });
    for (const input of node.inputs) {
      add('wasDerivedFrom', { 'prov:generatedEntity': id, 'prov:usedEntity': qualified(input.entity) });
      visit(input);
    }
  };
  visit(root);
  for (const key of Object.keys(doc)) if (Object.keys(doc[key]).length === 0) delete doc[key];
  return { prefix: { dance: 'urn:dance:' }, ...doc };
}

function qualified(entity: string): string {
  const colon = entity.indexOf(':');
  return `dance:${entity.slice(0, colon)}/${entity.slice(colon + 1)}`;
}

function activityAttributes(a: Activity): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    'prov:startTime': nsToIso(a.start),
    'prov:endTime': nsToIso(a.end),
    'prov:label': `${a.name} ${a.version}`,
    'dance:kind': a.kind,
    'dance:name': a.name,
    'dance:version': a.version,
    'dance:config': JSON.stringify(a.config),
  };
  if (a.codeHash) attributes['dance:codeHash'] = a.codeHash;
  if (a.lockfileHash) attributes['dance:lockfileHash'] = a.lockfileHash;
  return attributes;
}
