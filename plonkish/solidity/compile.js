// Compiles Solidity with the pinned solcjs (package-lock.json): reads a solc
// standard-JSON input on stdin, writes the standard-JSON output on stdout.
// Used by the Go EVM tests (plonkish/solidity/evmtest).
const solc = require('solc');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  process.stdout.write(solc.compile(input));
});
