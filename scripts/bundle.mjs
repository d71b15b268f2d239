// Bundles xrun into dist/bundle: main.cjs, one CommonJS file for everything
// but the prompt, and prompt.mjs, the ink prompt as an ES module (ink is one
// only), imported when a prompt is shown. CommonJS because Node starts it
// without its ES module loader: 4 to 7 ms sooner on every run (`npm run
// bench`). Libraries stay outside and are imported only where they are used.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = 'dist/bundle';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  external: ['execa', 'ink', 'react', 'react/jsx-runtime', 'node-pty'],
  logLevel: 'warning',
};

// The prompt's import in load-prompt.ts points at the ES module built beside.
const promptApart = {
  name: 'prompt-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/prompt\.js$/ }, (args) =>
      args.importer.endsWith('load-prompt.ts')
        ? { path: './prompt.mjs', external: true }
        : undefined,
    );
  },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: `${OUT}/main.cjs`,
    format: 'cjs',
    // import() stays import(): execa, ink and node-pty are ES modules or load lazily.
    supported: { 'dynamic-import': true },
    // Paths next to the source (package.json, qemu-profiles) are found from the bundle,
    // which sits as deep in the tree as src/cli/main.ts.
    define: { 'import.meta.url': '__xrunModuleUrl' },
    banner: {
      js: 'const __xrunModuleUrl = require("node:url").pathToFileURL(__filename).href;',
    },
    plugins: [promptApart],
  }),
  build({
    ...common,
    entryPoints: ['src/ui/prompt.tsx'],
    outfile: `${OUT}/prompt.mjs`,
    format: 'esm',
  }),
]);
