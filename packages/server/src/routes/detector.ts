import { detectorReply, type Served } from '@dance/api';
import { buildDetector, builtinDetectors, loadDetectorConfig } from '@dance/sim';
import type { FastifyInstance } from 'fastify';
import { type ApiContext, requireRun } from '../context.js';
import { NotFound } from '../errors.js';
import { runParams } from '../params.js';

/** The PMT arrays of a run's detector, for hit patterns. */
export function detectorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { run: string }; Reply: Served<typeof detectorReply> }>(
    '/api/runs/:run/detector',
    {
      schema: {
        summary: "PMT positions (cm), top/bottom split and dead channels of the run's detector (built-in detectors)",
        params: runParams,
        reply: detectorReply,
      },
    },
    async (request) => {
      const run = await requireRun(ctx, request.params.run);
      // only built-in names: a run's detector may name a file, and the server reads nothing outside the workspace
      if (run.detector === null || !builtinDetectors().includes(run.detector)) {
        throw new NotFound(
          `run '${run.id}' has ${run.detector === null ? 'no detector' : `detector '${run.detector}', not a built-in one`}: PMT positions unknown`,
        );
      }
      const d = buildDetector(loadDetectorConfig(run.detector));
      return {
        name: run.detector,
        radius: d.config.geometry.radius_cm,
        channels: d.channels,
        topChannels: d.topChannels,
        x: Array.from(d.pmtX),
        y: Array.from(d.pmtY),
        dead: d.config.pmts.dead_channels,
      };
    },
  );
}
