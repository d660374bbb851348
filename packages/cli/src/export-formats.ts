/** File formats `dance export` writes (kept apart from the exporter so `--help` loads no codecs). */
export const EXPORT_FORMATS = ['npy', 'parquet', 'hdf5'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
