#!/usr/bin/env node
// Entry point for `npx ccsim`: registers tsx so the TypeScript sources run as they are (no build step to forget).
import { register } from 'tsx/esm/api';

register();
// `ccsim query` loads only what it needs (start-up is most of a query's time); everything else, the full CLI.
const { main } = await import(process.argv[2] === 'query' ? '../bench/query-main.ts' : '../bench/cli.ts');
process.exitCode = await main(process.argv.slice(2));
