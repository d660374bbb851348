import { h } from './format.js';
import { analysisPage } from './pages/analysis.js';
import { eventPage } from './pages/event.js';
import { rowsPage } from './pages/rows.js';
import { runPage } from './pages/run.js';
import { runsPage } from './pages/runs.js';
import { waveformPage } from './pages/waveform.js';
import { parseRoute } from './route.js';

let leave: (() => void) | undefined;
let current = 0;

/** Renders the view the hash names into a fresh container; a slower earlier render never overwrites it. */
async function render(): Promise<void> {
  leave?.();
  leave = undefined;
  const token = ++current;
  const route = parseRoute(location.hash);
  const app = document.getElementById('app');
  if (!app) return;
  const root = h('div', { class: 'page' });
  app.replaceChildren(root);
  document.getElementById('where')?.replaceChildren('run' in route ? `run ${route.run}` : '');
  try {
    if (route.page === 'runs') await runsPage(route, root);
    else if (route.page === 'run') await runPage(route, root);
    else {
      const cleanup = await (route.page === 'waveform'
        ? waveformPage(route, root)
        : route.page === 'event'
          ? eventPage(route, root)
          : route.page === 'analysis'
            ? analysisPage(route, root)
            : rowsPage(route, root));
      if (token === current) leave = cleanup;
      else cleanup();
    }
    if (token === current) document.body.dataset.ready = location.hash || '#/runs';
  } catch (err) {
    if (token !== current) return;
    root.append(h('p', { class: 'error', id: 'error' }, err instanceof Error ? err.message : String(err)));
    document.body.dataset.ready = location.hash || '#/runs';
  }
}

window.addEventListener('hashchange', () => void render());
void render();
