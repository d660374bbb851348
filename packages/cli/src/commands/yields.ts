import { UserError } from '@dance/schema';
import { isRecoil, meanYields, RECOILS, wValue } from '@dance/sim';
import type { Command } from 'commander';
import { type CommandModule, globals } from '../context.js';
import { emit } from '../output.js';

function number(flag: string, value: string, rule: (v: number) => boolean, what: string): number {
  const v = Number(value);
  if (!Number.isFinite(v) || !rule(v)) throw new UserError(`${flag}: expected ${what}, got '${value}'`);
  return v;
}

export const yields: CommandModule = {
  register(program: Command) {
    program
      .command('yields')
      .description('mean photons and electrons of a recoil in liquid xenon (NEST-style model), like NEST’s testNEST')
      .requiredOption('--recoil <type>', `recoil type: ${RECOILS.join(', ')}`)
      .requiredOption('--energy <keV>', 'deposited energy, keV')
      .requiredOption('--field <V/cm>', 'drift field, V/cm')
      .option('--density <g/cm3>', 'liquid xenon density, g/cm3', '2.9')
      .action((o: { recoil: string; energy: string; field: string; density: string }, cmd: Command) => {
        const opts = globals(cmd);
        if (!isRecoil(o.recoil)) throw new UserError(`--recoil: unknown '${o.recoil}'; valid: ${RECOILS.join(', ')}`);
        const energy = number('--energy', o.energy, (v) => v > 0, 'an energy > 0 keV');
        const field = number('--field', o.field, (v) => v > 0, 'a field > 0 V/cm');
        const density = number('--density', o.density, (v) => v >= 2 && v <= 3.2, 'a density in [2, 3.2] g/cm3');
        const y = meanYields(o.recoil, energy, field, density);
        const w = wValue(density);
        const result = {
          recoil: o.recoil,
          energy_keV: energy,
          field_V_cm: field,
          density_g_cm3: density,
          photons: y.photons,
          electrons: y.electrons,
          photons_per_keV: y.photons / energy,
          electrons_per_keV: y.electrons / energy,
          w_eV: w,
        };
        emit(
          opts,
          () =>
            [
              `${o.recoil} ${energy} keV at ${field} V/cm, ${density} g/cm3 (W = ${w.toFixed(2)} eV)`,
              `  photons   ${y.photons.toFixed(1).padStart(10)}   (${result.photons_per_keV.toFixed(2)} /keV)`,
              `  electrons ${y.electrons.toFixed(1).padStart(10)}   (${result.electrons_per_keV.toFixed(2)} /keV)`,
            ].join('\n'),
          result,
        );
      });
  },
};
