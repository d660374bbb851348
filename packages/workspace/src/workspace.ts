import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '@dance/schema';
import { CONFIG_FILE, type WorkspaceConfig } from './config.js';
import { loadConfig } from './load.js';

/** A workspace on disk: its root, validated config and the resolved places it names. */
export interface Workspace {
  root: string;
  configPath: string;
  config: WorkspaceConfig;
  /** Absolute directory of the product store. */
  dataDir: string;
  /** The catalog URL with a relative sqlite path made absolute. */
  catalogUrl: string;
}

export interface FindOptions {
  /** The --workspace option, relative to `cwd`. */
  workspace?: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Finds the workspace from --workspace, then $DANCE_WORKSPACE, then the nearest dance.yaml upwards. */
export function findWorkspace({ workspace, cwd, env }: FindOptions): Workspace {
  if (workspace) return openWorkspace(resolve(cwd, workspace), '--workspace');
  if (env.DANCE_WORKSPACE) return openWorkspace(resolve(cwd, env.DANCE_WORKSPACE), 'DANCE_WORKSPACE');
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) return openWorkspace(dir);
    if (dirname(dir) === dir) break;
  }
  throw new UserError(`no DANCE workspace here: run \`dance init\` or pass --workspace`);
}

/** Opens the workspace rooted at `root`; `from` names where the directory came from, for errors. */
export function openWorkspace(root: string, from?: string): Workspace {
  const configPath = join(root, CONFIG_FILE);
  if (!isFile(configPath)) {
    const via = from ? ` (from ${from})` : '';
    throw new UserError(`no ${CONFIG_FILE} in ${root}${via}: run \`dance init ${root}\` to create a workspace`);
  }
  const config = loadConfig(configPath);
  return {
    root,
    configPath,
    config,
    dataDir: resolve(root, config.data_dir),
    catalogUrl: config.catalog.startsWith('sqlite:')
      ? `sqlite:${resolve(root, config.catalog.slice('sqlite:'.length))}`
      : config.catalog,
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
