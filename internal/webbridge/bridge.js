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
  var noop = function () {};
  // Events: one Server-Sent Events stream from the Go side (webbridge.Events) feeds the
  // listeners registered with EventsOn / EventsOnMultiple / EventsOnce, as Wails' bus would.
  var listeners = {};
  var source = null;
  function connect() {
    if (source !== null) return;
    source = new EventSource("/wails/events");
    source.onmessage = function (m) {
      var ev = JSON.parse(m.data);
      var ls = (listeners[ev.name] || []).slice();
      ls.forEach(function (l) {
        l.cb.apply(null, ev.data);
        if (l.max > 0 && --l.max === 0) off(ev.name, l);
      });
    };
  }
  function off(name, l) {
    listeners[name] = (listeners[name] || []).filter(function (x) { return x !== l; });
  }
  function on(name, cb, max) {
    connect();
    var l = { cb: cb, max: max || -1 };
    (listeners[name] = listeners[name] || []).push(l);
    return function () { off(name, l); };
  }
  window.__tftsrEventsReady = function () {
    connect();
    return source.readyState === 1;
  };
  // File drop: the page registers its handler with OnFileDrop; tests "drop" files with
  // window.__tftsrDropFiles(paths), which calls it as Wails would (x, y, paths).
  var dropHandler = null;
  window.__tftsrDropFiles = function (paths) {
    if (dropHandler === null) throw new Error("no file drop handler is registered");
    dropHandler(0, 0, paths);
  };
  window.runtime = new Proxy({}, {
    get: function (_t, prop) {
      if (prop === "EventsOn") return function (name, cb) { return on(name, cb, -1); };
      if (prop === "EventsOnMultiple") return function (name, cb, max) { return on(name, cb, max); };
      if (prop === "EventsOnce") return function (name, cb) { return on(name, cb, 1); };
      if (prop === "EventsOff") return function (name) { delete listeners[name]; };
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
