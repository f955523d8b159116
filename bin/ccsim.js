#!/usr/bin/env node
// Entry point for `npx ccsim`: registers tsx so the TypeScript sources run as they are (no build step to forget).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/cli.ts');
process.exitCode = await main(process.argv.slice(2));
