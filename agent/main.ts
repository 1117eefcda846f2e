// Entry point of the standalone agent bundle (`node skiff-agent.mjs …` on a device, where the full
// checkout is not installed): the same commands as `skiff agent …`.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
