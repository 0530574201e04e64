// What the UI tells the desktop window about itself (app.WindowService).
import * as WindowService from "../../../wailsjs/go/app/WindowService";

/**
 * reportUnsaved tells the window whether the editor `key` holds text not saved yet, so closing
 * the window asks first. Best effort: without a window (tests) it does nothing.
 */
export function reportUnsaved(key: string, unsaved: boolean): void {
  try {
    void WindowService.SetUnsaved(key, unsaved).catch(() => {});
  } catch {
    // No runtime.
  }
}
