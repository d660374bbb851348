import { z } from 'zod';
import { ns } from './json.js';

/** A processing step or command as the catalog records it. */
export const activity = z.object({
  id: z.number().int(),
  kind: z.string().describe('command or plugin'),
  name: z.string(),
  version: z.string(),
  codeHash: z.string().nullable(),
  config: z.record(z.string(), z.unknown()).describe('the configuration it ran with'),
  user: z.string(),
  host: z.string(),
  start: ns('when it started'),
  end: ns('when it ended'),
  softwareVersion: z.string().nullable().describe("DANCE's version"),
  lockfileHash: z.string().nullable().describe('hash of the lockfile, to rebuild the software environment'),
});
export type Activity = z.input<typeof activity>;

/** An entity and everything it came from. */
export const provNode = z
  .object({
    entity: z.string().describe('e.g. product:kr-001/raw_records/9e8d7c'),
    checksum: z.string().nullable(),
    activity: activity.nullable().describe('the activity that generated it'),
    // the annotation breaks the type's self-reference, as zod's docs advise for recursive getters
    get inputs(): z.ZodArray<typeof provNode> {
      return provInputs;
    },
    repeated: z.boolean().optional().describe('already shown higher in the tree (inputs not repeated)'),
  })
  .meta({ id: 'ProvNode' });
export type ProvNode = z.input<typeof provNode>;

/** What the activity used (named, as the recursion's other half, for the OpenAPI description). */
const provInputs = z.array(provNode).meta({ id: 'ProvInputs' });

/** GET /api/runs/:run/products/:type/:lineage/provenance */
export const provenanceReply = z.object({
  entity: z.string(),
  catalogued: z.boolean().describe('false for products only the store holds'),
  graph: provNode.describe('upstream graph (empty when not catalogued)'),
  text: z.string().describe('the graph as a text tree'),
  prov: z.record(z.string(), z.unknown()).nullable().describe('W3C PROV-JSON document'),
  storeProvenance: z
    .unknown()
    .optional()
    .describe("the store manifest's provenance, for products the catalog does not know"),
});
export type ProvenanceReply = z.input<typeof provenanceReply>;
