// The Wails runtime functions the UI uses, behind one small facade.
import { OnFileDrop, OnFileDropOff } from "../../../wailsjs/runtime/runtime";

/**
 * onFileDrop calls `handler` with the paths of files dropped on an element marked with the CSS
 * property `--wails-drop-target: drop` (Wails adds `wails-drop-target-active` to it while files are
 * dragged over). Returns the unsubscribe function. Only one drop handler is active at a time.
 */
export function onFileDrop(handler: (paths: string[]) => void): () => void {
  try {
    OnFileDrop((_x, _y, paths) => handler(paths), true);
  } catch {
    // No runtime (unit tests): dropping is simply unavailable; the open-files dialog stays.
    return () => {};
  }
  return () => {
    try {
      OnFileDropOff();
    } catch {
      // Nothing registered.
    }
  };
}
