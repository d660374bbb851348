import { DTYPES } from './dtype.js';
import { numpyDescrLiteral } from './numpy.js';
import { type RecordSchema, rowLayout } from './record.js';

/** The reference page for data types, generated from the declarations (docs/data-types.md). */
export function dataTypesMarkdown(schemas: Iterable<RecordSchema>): string {
  const out = [
    '# Data types',
    '',
    '<!-- Generated from packages/schema/src/types by `npm run docs`; do not edit by hand. -->',
    '',
    'Every data type is declared once in `packages/schema/src/types/`. The in-memory batches, the',
    'Parquet and Arrow schemas, the numpy dtype for strax interop and this page are derived from that',
    'declaration. Times are int64 nanoseconds since the Unix epoch.',
    '',
  ];
  for (const s of schemas) {
    const { rowBytes } = rowLayout(s);
    out.push(`## ${s.name}`, '', s.description, '');
    out.push(
      `Version ${s.version}; stored as ${s.storage === 'waveform' ? 'Arrow IPC (zstd)' : 'Parquet (zstd)'}; ${rowBytes} bytes per row in the numpy layout.`,
      '',
    );
    out.push('| field | type | shape | unit | description |', '|---|---|---|---|---|');
    for (const f of s.fields) {
      out.push(`| \`${f.name}\` | ${DTYPES[f.dtype].label} | ${f.shape ?? ''} | ${f.unit} | ${f.description} |`);
    }
    out.push('', 'numpy dtype:', '', '```python', `np.dtype(${numpyDescrLiteral(s)})`, '```', '');
  }
  return out.join('\n');
}
