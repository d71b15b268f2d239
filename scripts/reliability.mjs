// Prints the suite's reliability figures: faults injected, bad inputs tried,
// and how many ended with something lost (from files the tests write).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '/tmp';

/** Reads one figures file, or an empty object when the tests wrote none. */
function read(name) {
  try {
    return JSON.parse(readFileSync(path.join(dir, `xrun-${name}.json`), 'utf8'));
  } catch {
    return {};
  }
}

const faults = Object.values(read('faults'));
const inputs = Object.values(read('fuzz-counts')).reduce((sum, n) => sum + Number(n), 0);
const lost = faults.filter((f) => f.lost).length;
console.log(
  `reliability: ${faults.length} faults injected, ${inputs} bad inputs tried, ` +
    `${lost} ended with something lost`,
);
