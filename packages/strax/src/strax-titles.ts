/**
 * The field titles strax's own dtypes carry (numpy stores them beside each field name). They are
 * part of the file format: a .npy that numpy.save wrote from a strax array contains them, so an
 * export must write them back for the bytes to match. Keyed by data type, then field.
 */
export const STRAX_TITLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  raw_records: {
    time: 'Start time since unix epoch [ns]',
    length: 'Length of the interval in samples',
    dt: 'Width of one sample [ns]',
    channel: 'Channel/PMT number',
    pulse_length: 'Length of pulse to which the record belongs (without zero-padding)',
    record_i: 'Fragment number in the pulse',
    baseline: 'Baseline determined by the digitizer (if this is supported)',
    data: 'Waveform data in raw ADC counts',
  },
};
