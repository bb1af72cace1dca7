// The reference side of bench/bpmn/run.sh: bpmn-moddle's round trip.
// For each input file: read it, fromXML, toXML (formatted, as Kartla writes
// indented XML), and write the result to OUT_DIR/<basename>. All files run
// in this one Node process (one start for the whole workload, as moddle is
// used in a long-lived editor). Prints "warnings N" for the workload on stderr.
//
// usage: node bench/bpmn/moddle-rt.mjs OUT_DIR IN.bpmn...
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const webRequire = createRequire(new URL('../../web/package.json', import.meta.url));
const { BpmnModdle } = await import(pathToFileURL(webRequire.resolve('bpmn-moddle')).href);

const [outDir, ...inputs] = process.argv.slice(2);
if (!outDir || inputs.length === 0) {
  process.stderr.write('usage: node moddle-rt.mjs OUT_DIR IN.bpmn...\n');
  process.exit(2);
}
let warnings = 0;
const moddle = new BpmnModdle(); // one instance for the workload, as in an editor
for (const file of inputs) {
  const xml = fs.readFileSync(file, 'utf8');
  const parsed = await moddle.fromXML(xml);
  warnings += parsed.warnings.length;
  const { xml: out } = await moddle.toXML(parsed.rootElement, { format: true });
  fs.writeFileSync(path.join(outDir, path.basename(file)), out);
}
process.stderr.write(`warnings ${warnings}\n`);
