import { z } from 'zod';

/** GET /api/runs/:run/detector: a detector's PMT arrays, for hit patterns. */
export const detectorReply = z.object({
  name: z.string().describe('built-in detector name'),
  radius: z.number().describe('TPC radius, cm'),
  channels: z.number().int().describe('PMTs in all'),
  topChannels: z.number().int().describe('channels 0 … topChannels−1 are the top array'),
  x: z.array(z.number()).describe('PMT x per channel, cm'),
  y: z.array(z.number()).describe('PMT y per channel, cm'),
  dead: z.array(z.number().int()).describe('dead channels'),
});
export type DetectorReply = z.input<typeof detectorReply>;
