import { defineRecord } from '../record.js';

/** Ground truth of a simulated run, one row per energy deposit. */
export const truthInteractions = defineRecord({
  name: 'truth_interactions',
  version: 1,
  storage: 'table',
  description:
    'Simulator ground truth per energy deposit: where, how much, which recoil, the quanta it made and what the PMTs detected of them',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Time of the deposit since the Unix epoch' },
    {
      name: 'event_id',
      dtype: 'i64',
      unit: '',
      description: 'Simulated event (decay or scatter) the deposit belongs to',
    },
    { name: 'interaction', dtype: 'i16', unit: '', description: 'Index of the deposit within its event' },
    { name: 'x', dtype: 'f32', unit: 'cm', description: 'Position x' },
    { name: 'y', dtype: 'f32', unit: 'cm', description: 'Position y' },
    { name: 'z', dtype: 'f32', unit: 'cm', description: 'Depth coordinate: 0 at the gate, negative downwards' },
    { name: 'energy', dtype: 'f32', unit: 'keV', description: 'Deposited energy' },
    { name: 'recoil_type', dtype: 'i16', unit: '', description: 'Recoil model: 1 ER (beta), 2 ER (gamma), 3 NR' },
    { name: 'photons', dtype: 'i32', unit: '', description: 'Scintillation photons produced' },
    { name: 'electrons', dtype: 'i32', unit: '', description: 'Ionisation electrons escaping recombination' },
    {
      name: 's1_pe',
      dtype: 'i32',
      unit: 'PE',
      description: 'Photoelectrons of the S1 (double photoelectrons counted twice)',
    },
    { name: 's1_area', dtype: 'f32', unit: 'PE', description: 'S1 area after the single-photoelectron gain spread' },
    { name: 'drift_time', dtype: 'f64', unit: 'ns', description: 'Drift time from the deposit to the gate' },
    {
      name: 'electrons_extracted',
      dtype: 'i32',
      unit: '',
      description: 'Electrons surviving drift and extracted into the gas',
    },
    { name: 's2_pe', dtype: 'i32', unit: 'PE', description: 'Photoelectrons of the S2' },
    { name: 's2_area', dtype: 'f32', unit: 'PE', description: 'S2 area after the single-photoelectron gain spread' },
  ],
});
