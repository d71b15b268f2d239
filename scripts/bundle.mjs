// Bundles xrun into dist/bundle: one module for the common path, with the
// prompt, the pseudo-terminal and the subcommands in chunks loaded on demand.
// Libraries stay outside the bundle and are imported only where they are used.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  external: ['execa', 'ink', 'react', 'react/jsx-runtime', 'node-pty'],
  logLevel: 'warning',
});
