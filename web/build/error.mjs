// A failure of the build step that names what is wrong in the build: postbuild.mjs prints its
// message alone and exits with its code (1: the build is wrong; 2: the hook was run wrongly), so
// Trunk stops and no half-written page is served. Anything else thrown is a bug here: its stack
// is printed.
export class BuildError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
