import { findWorkspace, type Workspace } from '@dance/workspace';
import type { GlobalOptions } from './context.js';

/** The workspace this invocation works in: --workspace, $DANCE_WORKSPACE or the nearest dance.yaml upwards. */
export function currentWorkspace(opts: GlobalOptions): Workspace {
  return findWorkspace({ workspace: opts.workspace, cwd: process.cwd(), env: process.env });
}
