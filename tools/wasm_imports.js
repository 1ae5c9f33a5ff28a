// The core's one import (base.c), declared for Emscripten: the standalone module
// imports it as env.fl_assert_failed (web/engine/engine.js provides it), and the C test
// programs built with Emscripten's glue get this definition:
// a failed FL_ASSERT becomes an exception naming file and line, as in web/engine/engine.js.
mergeInto(LibraryManager.library, {
  fl_assert_failed: function (file, line, expr) {
    throw new Error(UTF8ToString(file) + ':' + line + ': assertion failed: ' + UTF8ToString(expr));
  },
});
