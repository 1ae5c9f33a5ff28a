// frameworks.js: the Python frameworks the lab writes scripts for, and the exact
// scripts' file names: a module of its own, so that the command line checks its
// arguments without loading the script writer (codegen.js) and its text.
export const FRAMEWORKS = ['keras', 'pytorch'];

/** The file an exact replica's script is saved as (the equivalent one is flatline_<framework>.py). */
export const exactScriptName = (framework) => `flatline_${framework}_exact.py`;
