// Prints vitest's JSON report as the plain line CI reads: "N passed, N failed".
// A test file that fails before any test runs (an import error, a failing hook) counts as one failure.
const fs = require('node:fs');
const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const brokenFiles = report.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed'),
).length;
const failed = report.numFailedTests + brokenFiles;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
// The report decides, not the runner's exit code alone: a failure anywhere fails the run.
process.exit(failed > 0 || report.numPassedTests === 0 ? 1 : 0);
