#!/usr/bin/env node
// Thin shim: the CLI is TypeScript (bin/reader-extract.ts, sharing the extension's pipeline);
// tsx compiles it on the fly so `npx reader-extract` works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./reader-extract.ts');
process.exitCode = await main(process.argv.slice(2));
