import { UserError } from '@dance/schema';
import type { Random } from '../rng.js';

/** A cylinder where events happen: z = 0 at the gate, negative downwards (cm). */
export interface Volume {
  rMaxCm: number;
  zMinCm: number;
  zMaxCm: number;
}

export function fullVolume(radiusCm: number, driftLengthCm: number): Volume {
  return { rMaxCm: radiusCm, zMinCm: -driftLengthCm, zMaxCm: 0 };
}

export function checkVolume(v: Volume, radiusCm: number, driftLengthCm: number): void {
  if (!(v.rMaxCm > 0 && v.rMaxCm <= radiusCm)) {
    throw new UserError(`volume: r_max ${v.rMaxCm} cm must be in (0, ${radiusCm}] (the detector radius)`);
  }
  if (!(v.zMinCm >= -driftLengthCm && v.zMaxCm <= 0 && v.zMinCm < v.zMaxCm)) {
    throw new UserError(`volume: need ${-driftLengthCm} <= z_min < z_max <= 0 cm, got ${v.zMinCm}..${v.zMaxCm}`);
  }
}

/** A point uniform in the cylinder. */
export function samplePosition(rng: Random, v: Volume): [number, number, number] {
  const r = v.rMaxCm * Math.sqrt(rng.uniform());
  const phi = 2 * Math.PI * rng.uniform();
  return [r * Math.cos(phi), r * Math.sin(phi), v.zMinCm + (v.zMaxCm - v.zMinCm) * rng.uniform()];
}
