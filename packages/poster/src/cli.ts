/**
 * @module cli
 * The `floret poster` commands (work in progress: none yet).
 */
import type { ToolModule } from '@floret/cli-kit';

/** This package's commands and tour stop. */
export const tool: ToolModule = { commands: [] };
