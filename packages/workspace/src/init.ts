import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '@dance/schema';
import { CONFIG_FILE } from './config.js';
import { configTemplate } from './describe.js';
import { openWorkspace, type Workspace } from './workspace.js';

export interface InitOptions {
  /** Replace an existing dance.yaml (the data already stored is left alone). */
  force?: boolean;
  /** Workspace name; defaults to the directory's name. */
  name?: string;
}

/** Creates a workspace in `dir`: a commented dance.yaml, the data directory and the catalog's directory. */
export function initWorkspace(dir: string, { force = false, name }: InitOptions = {}): Workspace {
  const root = resolve(dir);
  const configPath = join(root, CONFIG_FILE);
  if (existsSync(configPath) && !force) {
    throw new UserError(`${configPath} already exists: pass --force to overwrite it`);
  }
  try {
    mkdirSync(root, { recursive: true });
    writeFileSync(configPath, configTemplate({ name: name ?? (basename(root) || 'dance') }));
  } catch (err) {
    throw new UserError(`cannot create a workspace in ${root}: ${(err as Error).message}`);
  }
  const ws = openWorkspace(root);
  mkdirSync(ws.dataDir, { recursive: true });
  const catalogDir = catalogDirectory(ws);
  if (catalogDir) mkdirSync(catalogDir, { recursive: true });
  return ws;
}

/** The directory a SQLite catalog lives in; undefined for a server catalog. */
export function catalogDirectory(ws: Workspace): string | undefined {
  return ws.catalogUrl.startsWith('sqlite:') ? dirname(ws.catalogUrl.slice('sqlite:'.length)) : undefined;
}
