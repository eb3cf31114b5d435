// Runs the connote CLI from source (for tests that need a real child process, e.g. SIGKILL).
import { main } from '../../src/cli/index.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
