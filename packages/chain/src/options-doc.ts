import { optionsMarkdown, type Plugin, pluginsFor } from '@dance/pipeline';
import { CONDITION_OPTIONS } from './plugins/corrected-areas.js';

/** docs/processing-options.md: every option of the chain's `plugins`, from their declarations. */
export function processingOptionsMarkdown(plugins: readonly Plugin[]): string {
  const conditions = CONDITION_OPTIONS.map((o) => `\`${o.name}\``).join(', ');
  return [
    '# Processing options',
    '',
    '<!-- Generated from the plugin declarations in packages/chain by `npm run docs`; do not edit. -->',
    '',
    'Every option of the processing chain, plugin by plugin, inputs first. Set them with',
    '`dance process <run> --set name=value` (lists as `a,b,c`) or in a YAML/JSON file given with',
    '`--settings <file>` (`name: value`); `--set` wins over the file. For a simulated run the CLI',
    "fills the detector's options (gains, PMT map, light-model geometry) from the run's detector;",
    `the detector conditions ${conditions} come from the catalog through a global tag`,
    '(`--global-tag`, or `global_tag` in dance.yaml). `dance options [type]` prints the same for the',
    'plugins a data type is made from. Tracked options enter the lineage: changing one makes a new',
    'product and recomputes only what lies downstream of it.',
    '',
    optionsMarkdown(pluginsFor(plugins)),
  ].join('\n');
}
