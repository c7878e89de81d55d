#!/usr/bin/env node
// The floret binary: a plain-JS shim so the workspace can link it before the TypeScript build.
import { existsSync } from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    "floret: the CLI is not built yet; run 'npm install' (or 'npm run build') at the repository root\n",
  );
  process.exit(1);
}
// A reader that closes the pipe early (`floret --help | head`) is not an error: stop quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
