// Test bridge: stands in for Wails' IPC so the unchanged generated bindings
// (window.go.<pkg>.<Service>.<Method>) reach the real Go services over HTTP.
(function () {
  "use strict";
  function call(name, args) {
    return fetch("/wails/call", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: name, args: args }),
    })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.error !== undefined && body.error !== null) throw body.error;
        return body.result;
      });
  }
  function node(path) {
    return new Proxy(function () {}, {
      get: function (_t, prop) {
        if (typeof prop !== "string" || prop === "then") return undefined;
        return node(path.concat(prop));
      },
      apply: function (_t, _this, args) { return call(path.join("."), args); },
    });
  }
  window.go = node([]);
  // The Wails runtime is not available over HTTP: events are accepted and never fire.
  var noop = function () {};
  // File drop: the page registers its handler with OnFileDrop; tests "drop" files with
  // window.__tftsrDropFiles(paths), which calls it as Wails would (x, y, paths).
  var dropHandler = null;
  window.__tftsrDropFiles = function (paths) {
    if (dropHandler === null) throw new Error("no file drop handler is registered");
    dropHandler(0, 0, paths);
  };
  window.runtime = new Proxy({}, {
    get: function (_t, prop) {
      if (prop === "EventsOnMultiple" || prop === "EventsOn" || prop === "EventsOnce") {
        return function () { return noop; };
      }
      if (prop === "OnFileDrop") {
        return function (cb) { dropHandler = cb; };
      }
      if (prop === "OnFileDropOff") {
        return function () { dropHandler = null; };
      }
      return noop;
    },
  });
})();
