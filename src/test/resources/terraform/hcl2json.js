// Parses Terraform files with HashiCorp's HCL parser (npm @cdktf/hcl2json, installed into .tools/
// by .ci/install-test-tools) and prints {"<file>": <Terraform JSON syntax>, ...} on stdout.
// Expressions stay as "${...}" strings. A syntax error exits 1 with the parser's message.
const { parse } = require('@cdktf/hcl2json');
const fs = require('fs');

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    out[file] = await parse(file, fs.readFileSync(file, 'utf8'));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.message ? e.message : e) + '\n');
  process.exit(1);
});
